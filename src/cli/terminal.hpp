// Terminal facts for the text output: colour on or off, and display widths.
#pragma once

#include <string>
#include <string_view>

namespace replylint::cli {

enum class ColorMode { automatic, always, never };

// Colour only on a terminal and never when NO_COLOR is set (https://no-color.org).
bool use_color(ColorMode mode, bool stream_is_tty);
bool stdout_is_tty();

struct Style {
  bool color = false;
  std::string paint(std::string_view text, std::string_view ansi_code) const;
  std::string bold(std::string_view t) const { return paint(t, "1"); }
  std::string red(std::string_view t) const { return paint(t, "1;31"); }
  std::string green(std::string_view t) const { return paint(t, "1;32"); }
  std::string yellow(std::string_view t) const { return paint(t, "1;33"); }
  std::string cyan(std::string_view t) const { return paint(t, "1;36"); }
  std::string dim(std::string_view t) const { return paint(t, "2"); }
};

// Terminal columns taken by valid UTF-8 text: wide (CJK, emoji) characters take
// two, combining marks none.
size_t display_width(std::string_view text);

}  // namespace replylint::cli
