#include <iostream>

#include "cli/cli_app.hpp"
#include "cli/terminal.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  return replylint::cli::run(args,
                             {std::cin, std::cout, std::cerr, replylint::cli::stdout_is_tty()});
}
