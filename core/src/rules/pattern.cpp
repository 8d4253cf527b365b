// Pattern: RE2 with a memory cap and plain error messages.
#include "crm/pattern.h"

#include <re2/re2.h>

#include "crm/common.h"

namespace crm {

Pattern::Pattern(std::string_view pattern, bool ignore_case) : source_(pattern) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);
  o.set_case_sensitive(!ignore_case);
  o.set_max_mem(16 << 20);  // past it RE2 falls back to its NFA: slower, still linear
  re_ = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), o);
  if (re_->ok()) return;
  std::string why = re_->error();
  std::string arg = re_->error_arg();
  std::string message = "the pattern " + std::string(pattern.substr(0, 80)) + " cannot be used: ";
  switch (re_->error_code()) {
    case RE2::ErrorBadEscape:
      if (arg.size() == 2 && arg[1] >= '1' && arg[1] <= '9')
        message += "back-references such as " + arg +
                   " are not supported (patterns run in linear time, RE2 syntax)";
      else
        message += "unknown escape " + arg;
      break;
    case RE2::ErrorBadPerlOp:
      message += "look-ahead and look-behind such as " + arg +
                 " are not supported (patterns run in linear time, RE2 syntax)";
      break;
    case RE2::ErrorRepeatSize:
      message += "a repetition count above 1000 (" + arg + ")";
      break;
    case RE2::ErrorPatternTooLarge:
      message += "it is too large once compiled; simplify it (fewer or smaller repetitions)";
      break;
    default:
      message += why;
  }
  throw InputError("bad_pattern", message);
}

Pattern::~Pattern() = default;
Pattern::Pattern(Pattern&&) noexcept = default;
Pattern& Pattern::operator=(Pattern&&) noexcept = default;

bool Pattern::search(std::string_view value) const {
  return RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *re_);
}

}  // namespace crm
