// Regular expressions for validation rules, on RE2: matching time grows linearly with the value
// (no backtracking), so no pattern can hang the page or overflow the stack. Part of the rules
// module.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace crm {

/// A compiled pattern (RE2 syntax, UTF-8). Matches anywhere in a value, like JavaScript's
/// RegExp.test; anchor with ^ and $ to match whole values.
class Pattern {
 public:
  /// Compiles `pattern`; throws InputError (code "bad_pattern") with a plain message when it is
  /// not valid or uses what a linear-time engine cannot run (back-references, look-around).
  explicit Pattern(std::string_view pattern, bool ignore_case = false);
  ~Pattern();
  Pattern(Pattern&&) noexcept;
  Pattern& operator=(Pattern&&) noexcept;

  /// True when the pattern matches somewhere in `value`.
  bool search(std::string_view value) const;
  /// The pattern as given.
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace crm
