#include "cli/terminal.hpp"

#include <unicode/uchar.h>
#include <unistd.h>

#include <cstdlib>

#include "utf8.hpp"

namespace replylint::cli {

bool use_color(ColorMode mode, bool stream_is_tty) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return stream_is_tty;
}

bool stdout_is_tty() {
  return isatty(STDOUT_FILENO) == 1;
}

std::string Style::paint(std::string_view text, std::string_view ansi_code) const {
  if (!color) return std::string(text);
  std::string out = "\x1b[";
  out += ansi_code;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

size_t display_width(std::string_view text) {
  size_t width = 0, pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<UChar32>(decode_utf8(text, pos));
    const auto category = u_charType(c);
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || c == 0x200D) continue;
    const auto eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    const bool wide = eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ||
                      u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION);
    width += wide ? 2 : 1;
  }
  return width;
}

}  // namespace replylint::cli
