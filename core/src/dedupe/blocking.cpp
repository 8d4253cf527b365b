// Blocking: each rule is an equality on derived keys (phonetic code, initial, year...) of the
// standardized match keys. Rows are grouped by sorting the rule's key hashes; the pairs a rule
// would make are counted from the group sizes before anything is compared, and rules are
// combined by OR so each pair is compared once (a pair is skipped by a rule when an earlier rule
// already made it). A missing part puts a row in no block, so an empty key is never expanded.
#include <algorithm>

#include "dedupe/internal.h"
#include "dedupe/parallel.h"

namespace crm {

const char* block_key_name(BlockKey k) {
  switch (k) {
    case BlockKey::Value:
      return "value";
    case BlockKey::Phonetic:
      return "phonetic";
    case BlockKey::Initial:
      return "initial";
    case BlockKey::First3:
      return "first3";
    case BlockKey::Year:
      return "year";
    case BlockKey::Last7:
      return "last7";
    case BlockKey::Sorted:
      return "sorted";
  }
  return "value";
}

bool parse_block_key(std::string_view s, BlockKey& out) {
  for (BlockKey k : {BlockKey::Value, BlockKey::Phonetic, BlockKey::Initial, BlockKey::First3,
                     BlockKey::Year, BlockKey::Last7, BlockKey::Sorted}) {
    if (s == block_key_name(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

std::string block_rule_text(const BlockRule& rule) {
  std::string s;
  for (const BlockPart& p : rule.parts) {
    if (!s.empty()) s += " + ";
    s += p.key == BlockKey::Value ? p.column
                                  : std::string(block_key_name(p.key)) + "(" + p.column + ")";
  }
  if (rule.window) s = "sorted neighbourhood of " + s + ", window " + std::to_string(rule.window);
  return s;
}

}  // namespace crm

namespace crm::dedupe {
namespace {

/// Bytes of the first `n` code points of `s`.
std::string_view first_points(std::string_view s, size_t n) {
  size_t i = 0, seen = 0;
  while (i < s.size() && seen < n) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++seen;
  }
  return s.substr(0, i);
}

/// The derived key of one standardized key ("" when it has none).
std::string derive(std::string_view v, BlockKey k) {
  switch (k) {
    case BlockKey::Value:
      return std::string(v);
    case BlockKey::Phonetic:
      return phonetic_code(v);
    case BlockKey::Initial:
      return std::string(first_points(v, 1));
    case BlockKey::First3:
      return std::string(first_points(v, 3));
    case BlockKey::Year:
      return v.size() >= 8 ? std::string(v.substr(0, 4)) : std::string();
    case BlockKey::Last7:
      return v.size() >= 7 ? std::string(v.substr(v.size() - 7)) : "";
    case BlockKey::Sorted: {
      std::vector<std::string_view> w;
      size_t i = 0;
      while (i <= v.size()) {
        size_t j = v.find(' ', i);
        if (j == std::string_view::npos) j = v.size();
        if (j > i) w.push_back(v.substr(i, j - i));
        i = j + 1;
      }
      std::sort(w.begin(), w.end());
      std::string out;
      for (auto x : w) {
        if (!out.empty()) out.push_back(' ');
        out.append(x);
      }
      return out;
    }
  }
  return std::string(v);
}

/// FNV-1a 64 of `s` continuing from `h`.
uint64_t fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ull;
  }
  return h;
}

/// Index of the compared field for `column`, or -1.
int field_index(const DedupeModel& model, const std::string& column) {
  for (size_t i = 0; i < model.fields.size(); ++i)
    if (model.fields[i].column == column) return static_cast<int>(i);
  return -1;
}

/// The blocks of a sorted-neighbourhood rule: rows with every part present, sorted by their
/// derived keys joined with U+001F (then by row); the pairs fewer than `window` apart.
RuleBlocks sorted_neighbourhood(const DedupeModel& model, const BlockRule& rule,
                                const std::vector<FieldKeys>& keys, size_t rows, size_t rows_a,
                                bool link, CancelFlag cancel) {
  std::vector<std::pair<const FieldKeys*, std::vector<std::string>>> parts;
  for (const BlockPart& p : rule.parts) {
    const FieldKeys& k = keys[static_cast<size_t>(field_index(model, p.column))];
    std::vector<std::string> d(k.value.size());
    for (size_t id = 1; id < k.value.size(); ++id) d[id] = derive(k.value[id], p.key);
    parts.emplace_back(&k, std::move(d));
  }
  std::vector<std::pair<std::string, uint32_t>> sorted;
  for (size_t row = 0; row < rows; ++row) {
    if ((row & 65535) == 0) check_cancel(cancel);
    std::string key;
    bool none = parts.empty();
    for (size_t q = 0; q < parts.size() && !none; ++q) {
      const std::string& d = parts[q].second[parts[q].first->row_id[row]];
      if (d.empty()) none = true;
      if (q) key.push_back('\x1f');
      key += d;
    }
    if (!none) sorted.emplace_back(std::move(key), static_cast<uint32_t>(row));
  }
  std::sort(sorted.begin(), sorted.end());
  RuleBlocks rb;
  rb.window = rule.window;
  rb.block.assign(rows, 0);
  rb.size_a.push_back(0);
  rb.size_b.push_back(0);
  rb.pos.assign(rows, 0);
  rb.order.reserve(sorted.size());
  for (size_t i = 0; i < sorted.size(); ++i) {
    rb.order.push_back(sorted[i].second);
    rb.pos[sorted[i].second] = static_cast<uint32_t>(i + 1);
  }
  const size_t n = rb.order.size();
  for (size_t x = 0; x < n; ++x) {
    if (!link) {
      rb.estimated += std::min<uint64_t>(rule.window - 1, n - 1 - x);
      continue;
    }
    for (size_t k = 1; k < rule.window && x + k < n; ++k)
      rb.estimated += (rb.order[x] < rows_a) != (rb.order[x + k] < rows_a);
  }
  return rb;
}

}  // namespace

std::vector<std::vector<size_t>> rule_fields(const DedupeModel& model) {
  std::vector<std::vector<size_t>> out;
  for (const BlockRule& r : model.rules) {
    std::vector<size_t> f;
    for (const BlockPart& p : r.parts) {
      const int i = field_index(model, p.column);
      if (i >= 0 && std::find(f.begin(), f.end(), static_cast<size_t>(i)) == f.end())
        f.push_back(static_cast<size_t>(i));
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<RuleBlocks> build_blocks(const DedupeModel& model, const std::vector<FieldKeys>& keys,
                                     const Table&, size_t rows_a, size_t rows_b, CancelFlag cancel,
                                     size_t threads, const std::function<void()>& tick) {
  const size_t rows = rows_a + rows_b;
  const bool link = rows_b > 0;
  // Columns first (the first rule at fault is named, whatever the threads do).
  for (size_t r = 0; r < model.rules.size(); ++r) {
    for (const BlockPart& p : model.rules[r].parts) {
      if (field_index(model, p.column) < 0) {
        throw InputError("bad_model", "blocking rule " + std::to_string(r + 1) + " (" +
                                          block_rule_text(model.rules[r]) + ") uses column '" +
                                          p.column +
                                          "', which is not compared: compare it or change the "
                                          "rule");
      }
    }
  }
  // Each rule is built by one task into its own slot.
  std::vector<RuleBlocks> out(model.rules.size());
  parallel_for(model.rules.size(), threads, [&](size_t r) {
    const BlockRule& rule = model.rules[r];
    // Per part: the hash of each distinct key's derived key (0 when it has none).
    std::vector<std::pair<const FieldKeys*, std::vector<uint64_t>>> parts;
    for (const BlockPart& p : rule.parts) {
      const int f = field_index(model, p.column);
      const FieldKeys& k = keys[static_cast<size_t>(f)];
      if (rule.window) {
        // Sorted neighbourhood: the derived keys themselves (their order matters), below.
        parts.emplace_back(&k, std::vector<uint64_t>());
        continue;
      }
      std::vector<uint64_t> h(k.value.size(), 0);
      for (size_t id = 1; id < k.value.size(); ++id) {
        if ((id & 16383) == 0) {
          check_cancel(cancel);
          if (tick) tick();
        }
        const std::string d = derive(k.value[id], p.key);
        h[id] = d.empty() ? 0 : fnv(0xCBF29CE484222325ull, d) | 1;
      }
      parts.emplace_back(&k, std::move(h));
    }
    check_cancel(cancel);
    if (rule.window) {
      out[r] = sorted_neighbourhood(model, rule, keys, rows, rows_a, link, cancel);
      return;
    }
    std::vector<std::pair<uint64_t, uint32_t>> hashed;
    hashed.reserve(rows);
    for (size_t row = 0; row < rows; ++row) {
      uint64_t h = 0x84222325CBF29CE4ull;
      bool none = parts.empty();
      for (const auto& [k, ph] : parts) {
        const uint64_t x = ph[k->row_id[row]];
        if (!x) {
          none = true;
          break;
        }
        h = (h ^ x) * 0x100000001B3ull;
        h ^= h >> 29;
      }
      if (!none) hashed.emplace_back(h, static_cast<uint32_t>(row));
    }
    if (tick) tick();
    std::sort(hashed.begin(), hashed.end());
    if (tick) tick();
    RuleBlocks rb;
    rb.block.assign(rows, 0);
    rb.size_a.push_back(0);
    rb.size_b.push_back(0);
    for (size_t i = 0; i < hashed.size(); ++i) {
      if (i == 0 || hashed[i].first != hashed[i - 1].first) {
        ++rb.blocks;
        rb.size_a.push_back(0);
        rb.size_b.push_back(0);
      }
      rb.block[hashed[i].second] = rb.blocks;
      if (hashed[i].second < rows_a) {
        ++rb.size_a[rb.blocks];
      } else {
        ++rb.size_b[rb.blocks];
      }
    }
    for (uint32_t b = 1; b <= rb.blocks; ++b) {
      const uint64_t na = rb.size_a[b], nb = rb.size_b[b];
      rb.estimated += link ? na * nb : na * (na - (na ? 1 : 0)) / 2;
    }
    out[r] = std::move(rb);
  });
  return out;
}

void for_each_pair(const std::vector<RuleBlocks>& blocks, size_t rows_a, bool link,
                   const std::function<void(uint32_t, uint32_t, uint32_t)>& pair,
                   std::vector<uint64_t>& new_per_rule, CancelFlag cancel) {
  new_per_rule.assign(blocks.size(), 0);
  if (blocks.empty()) return;
  const size_t rows = blocks[0].block.size();
  uint64_t tick = 0;
  for (size_t r = 0; r < blocks.size(); ++r) {
    const RuleBlocks& rb = blocks[r];
    auto consider = [&](uint32_t i, uint32_t j) {
      uint32_t mask = 0;
      for (size_t q = 0; q < blocks.size(); ++q) {
        if (blocks[q].together(i, j)) {
          if (q < r) return;  // an earlier rule made this pair
          mask |= 1u << q;
        }
      }
      ++new_per_rule[r];
      pair(i, j, mask);
      if ((++tick & 8191) == 0) check_cancel(cancel);
    };
    if (rb.window) {
      // Sorted neighbourhood: each row with the next window − 1 rows of the order.
      const size_t n = rb.order.size();
      for (size_t x = 0; x < n; ++x) {
        for (size_t k = 1; k < rb.window && x + k < n; ++k) {
          uint32_t i = rb.order[x], j = rb.order[x + k];
          if (i > j) std::swap(i, j);
          if (link && !(i < rows_a && j >= rows_a)) continue;
          consider(i, j);
        }
      }
      continue;
    }
    // Rows of each block, in row order (counting sort by block id).
    std::vector<uint32_t> start(rb.blocks + 2, 0);
    for (size_t row = 0; row < rows; ++row)
      if (rb.block[row]) ++start[rb.block[row] + 1];
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<uint32_t> members(start.back());
    {
      std::vector<uint32_t> fill(start.begin(), start.end() - 1);
      for (size_t row = 0; row < rows; ++row)
        if (rb.block[row]) members[fill[rb.block[row]]++] = static_cast<uint32_t>(row);
    }
    for (uint32_t b = 1; b <= rb.blocks; ++b) {
      const uint32_t* m = members.data() + start[b];
      const size_t n = start[b + 1] - start[b];
      if (n < 2) continue;
      if (link) {
        // Members are in row order: a's rows first.
        size_t split = 0;
        while (split < n && m[split] < rows_a) ++split;
        for (size_t x = 0; x < split; ++x)
          for (size_t y = split; y < n; ++y) consider(m[x], m[y]);
      } else {
        for (size_t x = 0; x < n; ++x)
          for (size_t y = x + 1; y < n; ++y) consider(m[x], m[y]);
      }
    }
  }
}

}  // namespace crm::dedupe
