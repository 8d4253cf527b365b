// Digit patterns: parser, Thompson NFA, lazy DFA and Pike VM (see digit_regex.h).
#include "standardize/digit_regex.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace crm {

struct DigitRegex::Node {
  enum Kind { kSet, kCat, kAlt, kRep, kGroup, kEnd } kind = kCat;
  uint16_t mask = 0;
  int min = 0, max = 0;  // kRep; max -1: unbounded
  bool greedy = true;
  int group = -1;  // kGroup: capture index, -1 for (?:)
  std::vector<Node> kids;
};

namespace {

using Node = DigitRegex::Node;

constexpr uint16_t kAllDigits = 0x3FF;

// Recursive-descent parser of the supported syntax.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}
  Node parse(int& groups) {
    Node n = alt();
    if (i_ != p_.size()) fail("unexpected ')'");
    groups = groups_;
    return n;
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw std::invalid_argument(std::string("digit pattern: ") + what + " in \"" + std::string(p_) +
                                "\"");
  }
  bool more() const { return i_ < p_.size(); }
  char peek() const { return p_[i_]; }
  Node alt() {
    Node first = cat();
    if (!more() || peek() != '|') return first;
    Node a;
    a.kind = Node::kAlt;
    a.kids.push_back(std::move(first));
    while (more() && peek() == '|') {
      ++i_;
      a.kids.push_back(cat());
    }
    return a;
  }
  Node cat() {
    Node c;
    c.kind = Node::kCat;
    while (more() && peek() != '|' && peek() != ')') c.kids.push_back(repeat());
    if (c.kids.size() == 1) return std::move(c.kids[0]);
    return c;
  }
  int number() {
    if (!more() || peek() < '0' || peek() > '9') fail("expected a number");
    int v = 0;
    while (more() && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      if (v > 1000) fail("repeat count too large");
      ++i_;
    }
    return v;
  }
  Node repeat() {
    Node a = atom();
    while (more()) {
      int lo, hi;
      const char c = peek();
      if (c == '?') {
        lo = 0, hi = 1, ++i_;
      } else if (c == '*') {
        lo = 0, hi = -1, ++i_;
      } else if (c == '+') {
        lo = 1, hi = -1, ++i_;
      } else if (c == '{') {
        ++i_;
        lo = number();
        hi = lo;
        if (more() && peek() == ',') {
          ++i_;
          hi = more() && peek() == '}' ? -1 : number();
        }
        if (!more() || peek() != '}') fail("unclosed {");
        ++i_;
        if (hi != -1 && hi < lo) fail("bad repeat bounds");
      } else {
        break;
      }
      Node r;
      r.kind = Node::kRep;
      r.min = lo, r.max = hi;
      if (more() && peek() == '?') r.greedy = false, ++i_;
      r.kids.push_back(std::move(a));
      a = std::move(r);
    }
    return a;
  }
  Node set(uint16_t mask) {
    Node n;
    n.kind = Node::kSet;
    n.mask = mask;
    return n;
  }
  Node atom() {
    const char c = peek();
    if (c >= '0' && c <= '9') {
      ++i_;
      return set(static_cast<uint16_t>(1u << (c - '0')));
    }
    if (c == '\\') {
      if (i_ + 1 < p_.size() && p_[i_ + 1] == 'd') {
        i_ += 2;
        return set(kAllDigits);
      }
      fail("unsupported escape");
    }
    if (c == '$') {
      ++i_;
      Node n;
      n.kind = Node::kEnd;
      return n;
    }
    if (c == '[') return klass();
    if (c == '(') {
      ++i_;
      Node g;
      g.kind = Node::kGroup;
      if (p_.substr(i_, 2) == "?:") {
        i_ += 2;
      } else {
        g.group = ++groups_;
        if (groups_ > DigitRegex::kMaxGroups) fail("too many groups");
      }
      g.kids.push_back(alt());
      if (!more() || peek() != ')') fail("unclosed (");
      ++i_;
      return g;
    }
    fail("unsupported character");
  }
  Node klass() {
    ++i_;
    bool negate = false;
    if (more() && peek() == '^') negate = true, ++i_;
    uint16_t mask = 0;
    while (more() && peek() != ']') {
      if (peek() == '\\' && i_ + 1 < p_.size() && p_[i_ + 1] == 'd') {
        mask |= kAllDigits;
        i_ += 2;
        continue;
      }
      const char a = peek();
      if (a < '0' || a > '9') fail("unsupported class member");
      ++i_;
      char b = a;
      if (i_ + 1 < p_.size() && peek() == '-' && p_[i_ + 1] != ']') {
        b = p_[i_ + 1];
        if (b < a || b > '9') fail("bad class range");
        i_ += 2;
      }
      for (char d = a; d <= b; ++d) mask |= static_cast<uint16_t>(1u << (d - '0'));
    }
    if (!more()) fail("unclosed [");
    ++i_;
    return set(negate ? static_cast<uint16_t>(~mask & kAllDigits) : mask);
  }

  std::string_view p_;
  size_t i_ = 0;
  int groups_ = 0;
};

// Appends the digits of a literal (single digits in sequence, (?:) groups allowed) to `out`;
// false when `n` is not a literal.
bool literal_of(const Node& n, std::string& out) {
  switch (n.kind) {
    case Node::kSet:
      if (std::popcount(n.mask) != 1) return false;
      out += static_cast<char>('0' + std::countr_zero(n.mask));
      return true;
    case Node::kCat:
      for (const Node& k : n.kids) {
        if (!literal_of(k, out)) return false;
      }
      return true;
    case Node::kGroup:
      return n.group < 0 && literal_of(n.kids[0], out);
    default:
      return false;
  }
}

}  // namespace

DigitRegex::DigitRegex(std::string_view pattern) {
  const Node root = Parser(pattern).parse(groups_);
  if (groups_ == 0) {
    literal_ = true;
    if (root.kind == Node::kAlt) {
      for (const Node& k : root.kids) {
        literals_.emplace_back();
        literal_ = literal_ && literal_of(k, literals_.back());
      }
    } else {
      literals_.emplace_back();
      literal_ = literal_of(root, literals_.back());
    }
    if (!literal_) literals_.clear();
  }
  add({kSave, 0, 0, 0});
  emit(root);
  add({kSave, 0, 1, 0});
  add({kMatch, 0, 0, 0});
}

DigitRegex::DigitRegex(const std::vector<const char*>& patterns) : tagged_(true) {
  // One alternative per pattern, each ending in its own tagged match.
  std::vector<size_t> used;
  for (size_t i = 0; i < patterns.size() && i < 32; ++i)
    if (patterns[i]) used.push_back(i);
  for (size_t k = 0; k < used.size(); ++k) {
    int groups = 0;
    const Node root = Parser(patterns[used[k]]).parse(groups);
    const int split = k + 1 < used.size() ? add({kSplit, 0, 0, 0}) : -1;
    if (split >= 0) prog_[split].x = split + 1;
    emit(root);
    add({kMatch, 0, static_cast<int>(used[k]), 0});
    if (split >= 0) prog_[split].y = static_cast<int>(prog_.size());
  }
}

void DigitRegex::emit(const Node& n) {
  switch (n.kind) {
    case Node::kSet:
      add({kChar, n.mask, 0, 0});
      return;
    case Node::kEnd:
      add({kEnd, 0, 0, 0});
      return;
    case Node::kCat:
      for (const Node& k : n.kids) emit(k);
      return;
    case Node::kGroup:
      if (n.group >= 0) add({kSave, 0, 2 * n.group, 0});
      emit(n.kids[0]);
      if (n.group >= 0) add({kSave, 0, 2 * n.group + 1, 0});
      return;
    case Node::kAlt: {
      std::vector<int> jumps;
      for (size_t i = 0; i + 1 < n.kids.size(); ++i) {
        const int split = add({kSplit, 0, 0, 0});
        prog_[split].x = split + 1;
        emit(n.kids[i]);
        jumps.push_back(add({kJmp, 0, 0, 0}));
        prog_[split].y = static_cast<int>(prog_.size());
      }
      emit(n.kids.back());
      for (int j : jumps) prog_[j].x = static_cast<int>(prog_.size());
      return;
    }
    case Node::kRep: {
      const Node& k = n.kids[0];
      for (int i = 0; i < n.min; ++i) emit(k);
      if (n.max == -1) {
        const int split = add({kSplit, 0, 0, 0});
        emit(k);
        add({kJmp, 0, split, 0});
        const int out = static_cast<int>(prog_.size());
        prog_[split].x = n.greedy ? split + 1 : out;
        prog_[split].y = n.greedy ? out : split + 1;
        return;
      }
      std::vector<int> splits;
      for (int i = n.min; i < n.max; ++i) {
        splits.push_back(add({kSplit, 0, 0, 0}));
        emit(k);
      }
      const int out = static_cast<int>(prog_.size());
      for (int s : splits) {
        prog_[s].x = n.greedy ? s + 1 : out;
        prog_[s].y = n.greedy ? out : s + 1;
      }
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Lazy DFA: a state is the set of kChar instructions the NFA can be at, with whether a match
// ends here (now, or only when the input ends here: through a $).

void DigitRegex::closure(int pc, std::vector<int>& out, std::vector<uint8_t>& seen, Reach& r,
                         bool after_end) const {
  while (true) {
    const uint8_t mark = after_end ? 2 : 1;
    if (seen[pc] & mark) return;
    seen[pc] |= mark;
    const Inst& in = prog_[pc];
    switch (in.op) {
      case kChar:
        if (!after_end) out.push_back(pc);
        return;
      case kMatch:
        (after_end ? r.end : r.now) = true;
        if (tagged_) r.tags |= 1u << in.x;
        return;
      case kEnd:
        after_end = true;
        ++pc;
        break;
      case kSave:
        ++pc;
        break;
      case kJmp:
        pc = in.x;
        break;
      case kSplit:
        closure(in.x, out, seen, r, after_end);
        pc = in.y;
        break;
    }
  }
}

int DigitRegex::dfa_state(std::vector<int>& set, Reach r) {
  // The accept flags are part of a state's identity (-1: a match ends here, -2: at the end,
  // -3 - i: pattern i's match ends here at the end).
  const bool now = r.now, end = r.end;
  if (now) set.push_back(-1);
  if (end || now) set.push_back(-2);
  for (uint32_t t = r.tags; t != 0; t &= t - 1) set.push_back(-3 - std::countr_zero(t));
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  auto it = dindex_.find(set);
  if (it != dindex_.end()) return it->second;
  const int id = static_cast<int>(dstates_.size());
  dstates_.emplace_back();
  dnext_.insert(dnext_.end(), 10, -1);
  dstates_[id].accept_now = now;
  dstates_[id].accept_end = end || now;
  dstates_[id].end_tags = r.tags;
  dsets_.push_back(set);
  dindex_.emplace(set, id);
  return id;
}

int DigitRegex::start_state() {
  if (dstart_ >= 0) return dstart_;
  if (dstates_.empty()) {
    std::vector<int> dead;
    dfa_state(dead, Reach());  // state 0: dead
  }
  std::vector<int> set;
  std::vector<uint8_t> seen(prog_.size(), 0);
  Reach r;
  closure(0, set, seen, r, false);
  dstart_ = dfa_state(set, r);
  return dstart_;
}

int DigitRegex::step(int s, int d) {
  int& cached = dnext_[static_cast<size_t>(s) * 10 + d];
  if (cached >= 0) return cached;
  // Keep the cache bounded: past a size, start again (correct, only slower).
  if (dstates_.size() > 20000) {
    const std::vector<int> from = dsets_[s];
    dstates_.clear(), dnext_.clear(), dindex_.clear(), dsets_.clear();
    dstart_ = -1;
    start_state();
    std::vector<int> again;
    Reach r;
    for (int pc : from) {
      if (pc >= 0) again.push_back(pc);
      r.now = r.now || pc == -1;
      r.end = r.end || pc == -2;
      if (pc <= -3) r.tags |= 1u << (-3 - pc);
    }
    s = dfa_state(again, r);
  }
  std::vector<int> set;
  std::vector<uint8_t> seen(prog_.size(), 0);
  Reach r;
  for (int pc : dsets_[s]) {
    if (pc >= 0 && prog_[pc].mask & (1u << d)) closure(pc + 1, set, seen, r, false);
  }
  const int t = dfa_state(set, r);
  dnext_[static_cast<size_t>(s) * 10 + d] = t;
  return t;
}

bool DigitRegex::full_match(std::string_view digits) {
  if (prog_.empty()) return false;
  int s = dstart_ >= 0 ? dstart_ : start_state();
  for (char c : digits) {
    const unsigned d = static_cast<unsigned>(c - '0');
    if (d > 9) return false;
    const int t = dnext_[static_cast<size_t>(s) * 10 + d];
    s = t >= 0 ? t : step(s, static_cast<int>(d));
    if (s == 0) return false;
  }
  return dstates_[s].accept_end;
}

uint32_t DigitRegex::full_match_tags(std::string_view digits) {
  if (prog_.empty()) return 0;
  int s = dstart_ >= 0 ? dstart_ : start_state();
  for (char c : digits) {
    const unsigned d = static_cast<unsigned>(c - '0');
    if (d > 9) return 0;
    const int t = dnext_[static_cast<size_t>(s) * 10 + d];
    s = t >= 0 ? t : step(s, static_cast<int>(d));
    if (s == 0) return 0;
  }
  return dstates_[s].end_tags;
}

bool DigitRegex::prefix_match(std::string_view digits) {
  if (prog_.empty()) return false;
  int s = dstart_ >= 0 ? dstart_ : start_state();
  if (dstates_[s].accept_now) return true;
  for (char c : digits) {
    const int d = c - '0';
    if (d < 0 || d > 9) return false;
    const int t = dnext_[static_cast<size_t>(s) * 10 + d];
    s = t >= 0 ? t : step(s, d);
    if (s == 0) return false;
    if (dstates_[s].accept_now) return true;
  }
  return dstates_[s].accept_end;
}

// ---------------------------------------------------------------------------------------------
// Pike VM: threads in priority order, each with its capture slots; the first thread to match
// cuts off the threads after it (leftmost-first, as Java and Python choose).

bool DigitRegex::looking_at(std::string_view digits, Captures& caps) const {
  if (prog_.empty()) return false;
  if (literal_) {
    // Leftmost-first: the first literal (in written order) that starts the input.
    for (const std::string& l : literals_) {
      if (digits.substr(0, l.size()) == l) {
        caps.pos.fill(-1);
        caps.pos[0] = 0;
        caps.pos[1] = caps.end = static_cast<int>(l.size());
        return true;
      }
    }
    return false;
  }
  const size_t n = prog_.size();
  // Scratch kept between calls (one thread per DigitRegex, see the header).
  std::vector<Thread>& clist = clist_;
  std::vector<Thread>& nlist = nlist_;
  std::vector<int>& mark = mark_;
  clist.clear();
  mark.assign(n, -1);
  bool matched = false;
  Slots best{};
  // Adds the thread at pc (following non-consuming instructions) at input position `at`.
  auto addthread = [&](auto& self, std::vector<Thread>& list, int pc, Slots& s, size_t at,
                       int gen) -> void {
    if (mark[pc] == gen) return;
    mark[pc] = gen;
    const Inst& in = prog_[pc];
    switch (in.op) {
      case kJmp:
        self(self, list, in.x, s, at, gen);
        return;
      case kSplit:
        self(self, list, in.x, s, at, gen);
        self(self, list, in.y, s, at, gen);
        return;
      case kSave: {
        const int old = s[in.x];
        s[in.x] = static_cast<int>(at);
        self(self, list, pc + 1, s, at, gen);
        s[in.x] = old;
        return;
      }
      case kEnd:
        if (at == digits.size()) self(self, list, pc + 1, s, at, gen);
        return;
      default:
        list.push_back({pc, s});
        return;
    }
  };
  Slots init;
  init.fill(-1);
  int gen = 0;
  addthread(addthread, clist, 0, init, 0, gen);
  for (size_t at = 0;; ++at) {
    ++gen;
    nlist.clear();
    const int d = at < digits.size() ? digits[at] - '0' : -1;
    for (Thread& t : clist) {
      const Inst& in = prog_[t.pc];
      if (in.op == kMatch) {
        matched = true;
        best = t.slots;
        break;  // lower-priority threads are cut off
      }
      if (d >= 0 && d <= 9 && (in.mask & (1u << d))) {
        addthread(addthread, nlist, t.pc + 1, t.slots, at + 1, gen);
      }
    }
    std::swap(clist, nlist);
    if (clist.empty() || at >= digits.size()) {
      // At the end of input, a pending match among the remaining threads still counts.
      if (at >= digits.size()) {
        for (const Thread& t : clist) {
          if (prog_[t.pc].op == kMatch) {
            matched = true;
            best = t.slots;
            break;
          }
        }
      }
      break;
    }
  }
  if (!matched) return false;
  caps.pos = best;
  caps.end = best[1];
  return true;
}

}  // namespace crm
