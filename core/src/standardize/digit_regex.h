// Regular expressions over the ten digits, as libphonenumber's metadata writes them: digits,
// \d, classes, groups (capturing or (?:)), alternation, ?, *, + and bounded {n,m} quantifiers,
// and a closing $. Compiled to a Thompson NFA; matched without backtracking, in time linear in
// the input: yes/no questions with a DFA built lazily from the NFA (states cached), and prefix
// matches with capture groups (Java's lookingAt, which prefers alternatives in written order)
// with a Pike VM.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

/// A compiled digit pattern. Not thread-safe (the DFA grows as it is used): one per thread.
class DigitRegex {
 public:
  /// Maximum capture groups supported.
  static constexpr int kMaxGroups = 9;
  /// Capture groups of a prefix match: begin/end offsets per group, -1 when unset.
  struct Captures {
    int end = -1;  // end of the whole match
    std::array<int, 2 * (kMaxGroups + 1)> pos{};
  };

  DigitRegex() = default;
  /// Compiles `pattern`; throws std::invalid_argument on syntax outside the supported set.
  explicit DigitRegex(std::string_view pattern);

  /// Compiles several patterns into one automaton (null entries are skipped): full_match_tags
  /// then tells in one pass which of them match. At most 32 patterns.
  explicit DigitRegex(const std::vector<const char*>& patterns);

  /// True when the whole of `digits` (ASCII digits only) matches.
  bool full_match(std::string_view digits);
  /// For a DigitRegex of several patterns: bit i set when pattern i matches the whole of
  /// `digits` (0 when none does).
  uint32_t full_match_tags(std::string_view digits);
  /// True when some prefix of `digits` matches (Java's lookingAt() found a match).
  bool prefix_match(std::string_view digits);
  /// Java's lookingAt(): the preferred match starting at 0 with its capture groups.
  bool looking_at(std::string_view digits, Captures& caps) const;
  /// Number of capturing groups.
  int groups() const { return groups_; }
  /// True when compiled from a pattern.
  bool empty() const { return prog_.empty(); }
  /// A node of a parsed pattern (internal).
  struct Node;

 private:
  enum Op : uint8_t { kChar, kSplit, kJmp, kSave, kMatch, kEnd };
  struct Inst {
    Op op;
    uint16_t mask;  // kChar: digits accepted (bit d)
    int x, y;       // kSplit: preferred, other; kJmp: target; kSave: slot; kMatch: tag
  };
  void emit(const Node& n);
  int add(Inst in) {
    prog_.push_back(in);
    return static_cast<int>(prog_.size()) - 1;
  }
  // DFA over the NFA: state 0 is dead; next[s*10+d] = -1 until computed.
  struct DState {
    bool accept_now = false;  // a match ends here
    bool accept_end = false;  // a match ends here if the input ends here
    uint32_t end_tags = 0;    // several patterns: those whose match ends here at the input's end
  };
  // What the closure of a set of instructions reaches: matches now, at the input's end, and the
  // tags of the matches at the end.
  struct Reach {
    bool now = false, end = false;
    uint32_t tags = 0;
  };
  int dfa_state(std::vector<int>& set, Reach r);
  void closure(int pc, std::vector<int>& out, std::vector<uint8_t>& seen, Reach& r,
               bool after_end) const;
  int step(int s, int d);
  int start_state();

  using Slots = std::array<int, 2 * (kMaxGroups + 1)>;
  struct Thread {
    int pc;
    Slots slots;
  };
  mutable std::vector<Thread> clist_, nlist_;  // Pike VM scratch, kept between calls
  mutable std::vector<int> mark_;
  std::vector<Inst> prog_;
  int groups_ = 0;
  bool tagged_ = false;  // compiled from several patterns
  // When the pattern is a literal or an alternation of literals without capture groups ("0",
  // "0|180020"): the literals in written order, for looking_at without the Pike VM.
  bool literal_ = false;
  std::vector<std::string> literals_;
  std::vector<DState> dstates_;
  std::vector<int> dnext_;
  std::map<std::vector<int>, int> dindex_;
  std::vector<std::vector<int>> dsets_;
  int dstart_ = -1;
};

}  // namespace crm
