// Applying one recipe step: the checks before anything runs, the per-value engine shared by the
// value ops (each distinct value standardized once) and the dispatch to the op files.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "crm/country.h"
#include "crm/phone.h"
#include "recipe/ops.h"

namespace crm {

namespace clean_detail {

StepRun::StepRun(const Table& in_, const RecipeStep& step_, size_t number_, const StepContext& ctx_)
    : in(in_), step(step_), number(number_), ctx(ctx_) {
  result.table = in;
}

std::string StepRun::where() const {
  return "recipe step " + std::to_string(number) + " (" + step.op + "): ";
}

size_t StepRun::column(const std::string& name) const {
  for (size_t i = 0; i < in.columns.size(); ++i)
    if (in.columns[i].name() == name) return i;
  throw InputError("missing_column", where() + "the file has no column \"" + name + "\"");
}

uint32_t StepRun::note(const std::string& reason) {
  auto [it, added] = note_ids_.try_emplace(reason, static_cast<uint32_t>(result.notes.size()));
  if (added) result.notes.push_back(reason);
  return it->second;
}

void StepRun::sample_change(const std::string& column, std::string_view before,
                            std::string_view after) {
  if (change_samples_ >= 5) return;
  for (const auto& s : result.samples)
    if (s.note.empty() && s.column == column && s.before == before) return;
  result.samples.push_back({column, std::string(before), std::string(after), ""});
  ++change_samples_;
}

void StepRun::sample_flag(const std::string& column, std::string_view value,
                          const std::string& reason) {
  if (flag_samples_ >= 5) return;
  for (const auto& s : result.samples)
    if (!s.note.empty() && s.column == column && s.before == value) return;
  result.samples.push_back({column, std::string(value), std::string(value), reason});
  ++flag_samples_;
}

void StepRun::tick(uint64_t row, uint64_t base) {
  if ((row & 0xFFFF) != 0) return;
  const uint64_t done = base + row;
  check_cancel(ctx.cancel);
  if (ctx.progress) ctx.progress(Progress{"clean", done, total, done});
}

namespace {

// Distinct (helper value, value) pairs of a step, numbered in order of first occurrence: open
// addressing over views into the input columns (which outlive the step), so a row costs a hash
// and a probe, with no allocation (std::unordered_map allocated a node per distinct value, and a
// key string per row for row-dependent steps).
class ValueIndex {
 public:
  explicit ValueIndex(size_t expect) {
    size_t cap = 64;
    while (cap < expect * 2) cap <<= 1;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
  }
  /// Frees the index's memory (it is empty afterwards).
  void release() {
    std::vector<Slot>().swap(slots_);
    std::vector<Key>().swap(keys_);
    mask_ = 0;
  }
  // The number of (aux, v) and whether it was added now.
  std::pair<uint32_t, bool> find_or_add(std::string_view aux, std::string_view v) {
    const uint32_t h = hash(aux, v);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.id == 0) {
        const uint32_t id = static_cast<uint32_t>(keys_.size());
        keys_.push_back({aux, v});
        slots_[i] = Slot{h, id + 1};
        if (keys_.size() * 2 > slots_.size()) grow();
        return {id, true};
      }
      if (s.hash == h) {
        const Key& k = keys_[s.id - 1];
        if (k.v == v && k.aux == aux) return {s.id - 1, false};
      }
    }
  }

 private:
  struct Slot {
    uint32_t hash = 0, id = 0;  // id: key number + 1, 0 when empty
  };
  struct Key {
    std::string_view aux, v;
  };
  static uint32_t hash(std::string_view aux, std::string_view v) {
    // FNV-1a over 4-byte words (the tail byte by byte), aux then a separator then v.
    uint32_t h = 2166136261u;
    auto mix = [&](std::string_view s) {
      size_t i = 0;
      for (; i + 4 <= s.size(); i += 4) {
        uint32_t w;
        std::memcpy(&w, s.data() + i, 4);
        h = (h ^ w) * 16777619u;
      }
      for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 16777619u;
      h = (h ^ 0x1Fu) * 16777619u;
    };
    if (!aux.empty()) mix(aux);
    mix(v);
    return h ^ (h >> 15);
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2, Slot{});
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == 0) continue;
      size_t i = s.hash & mask_;
      while (slots_[i].id != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::vector<Key> keys_;
  size_t mask_ = 0;
};

}  // namespace

void StepRun::map_values(size_t c, const ValueFn& fn, const Column* aux, QuickSame quick) {
  const Column& col = in.columns[c];
  // Per distinct value: what the step made of it, the new values in one arena.
  struct Outcome {
    bool ok;
    bool same;
    bool missing;  // the output is a missing value
    uint32_t note;
    size_t at, len;  // the output in `arena` (when ok and not same)
  };
  std::vector<Outcome> outcomes;
  std::string arena;
  ValueIndex index(std::min<size_t>(col.size(), 1u << 16));
  ColumnChange change;
  change.in_column = change.out_column = static_cast<int>(c);
  std::vector<uint32_t> changed_outcome;  // per changed row: its outcome
  const uint64_t base = static_cast<uint64_t>(c) * in.rows;
  for (size_t r = 0; r < col.size(); ++r) {
    tick(r, base);
    std::string_view raw = col.value(r);
    if (col.missing(r)) {
      ++result.missing;
      continue;
    }
    if (quick && quick(raw)) continue;
    // Row-dependent steps work per distinct (helper value, value).
    const std::string_view a = aux ? aux->value(r) : std::string_view();
    const auto [id, added] = index.find_or_add(a, raw);
    if (added) {
      Standardized s = fn(raw, a);
      Outcome o{s.ok, !s.ok || s.output == raw, false, 0, 0, 0};
      if (!o.ok) {
        o.note = note(s.reason.empty() ? "not recognized" : s.reason);
        sample_flag(col.name(), raw, result.notes[o.note]);
      } else if (!o.same) {
        sample_change(col.name(), raw, s.output);
        o.at = arena.size();
        o.len = s.output.size();
        o.missing = is_missing_value(s.output, in.null_tokens);
        arena += s.output;
      }
      outcomes.push_back(o);
    }
    const Outcome& o = outcomes[id];
    if (!o.ok) {
      change.flagged.push_back(static_cast<uint32_t>(r));
      change.flag_note.push_back(o.note);
    } else if (!o.same) {
      change.changed.push_back(static_cast<uint32_t>(r));
      changed_outcome.push_back(id);
    }
  }
  if (change.changed.empty() && change.flagged.empty()) return;
  index.release();
  // The new column: the input with the changed rows' values replaced (an overlay on the input
  // when few rows change, else a copy with the unchanged runs copied in bulk).
  Column out = change.changed.empty()
                   ? Column(col.name())
                   : Column::patch(in.columns.share(c), change.changed, [&](size_t k) {
                       const Outcome& o = outcomes[changed_outcome[k]];
                       return std::pair<std::string_view, bool>(
                           std::string_view(arena.data() + o.at, o.len), o.missing);
                     });
  replace_column(c, std::move(out), std::move(change));
}

void StepRun::replace_column(size_t c, Column col, ColumnChange change) {
  result.changed += change.changed.size();
  result.flagged += change.flagged.size();
  if (!change.changed.empty())
    result.table.columns.set(c, std::make_shared<Column>(std::move(col)));
  result.changes.push_back(std::move(change));
}

const ColumnProfile* profile_of(const StepContext& ctx, const std::string& name) {
  if (!ctx.profile) return nullptr;
  for (const auto& c : ctx.profile->columns)
    if (c.name == name) return &c;
  return nullptr;
}

std::string format_number(double v) {
  if (v == 0) return "0";
  char buf[400];
  if (std::fabs(v) >= 1e-6 && std::fabs(v) < 1e15) {
    // Plain decimal notation: the fewest decimals that read back as the same double.
    for (int d = 0; d <= 20; ++d) {
      std::snprintf(buf, sizeof buf, "%.*f", d, v);
      if (std::strtod(buf, nullptr) == v) return buf;
    }
  }
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string format_fixed6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

}  // namespace clean_detail

using namespace clean_detail;

void check_step(const Table& in, const RecipeStep& step, size_t number, const StepContext& ctx) {
  const std::string where = "recipe step " + std::to_string(number) + " (" + step.op + "): ";
  try {
    check_recipe_columns(Recipe{{step}}, in.names());
  } catch (const InputError& e) {
    std::string m = e.what();
    const std::string one = "recipe step 1 (";
    if (m.rfind(one, 0) == 0) m = "recipe step " + std::to_string(number) + " (" + m.substr(15);
    throw InputError(e.code(), m);
  }
  const auto& p = step.params;
  if (p.contains("region") && !is_phone_region(p["region"].get<std::string>()))
    throw InputError("bad_recipe", where + "\"region\" " + p["region"].dump() +
                                       " is not a country with phone numbers");
  if (step.op == "postal_code" && p.contains("country") &&
      !find_country(p["country"].get<std::string>()))
    throw InputError("bad_recipe", where + "\"country\" " + p["country"].dump() +
                                       " is not an ISO 3166 country code");
  if (step.op == "drop_rows" && p["rule"]["check"] != "not_null")
    throw InputError("bad_recipe", where + "the check " + p["rule"]["check"].dump() +
                                       " is not supported yet; drop_rows supports \"not_null\"");
  auto check_row = [&](uint64_t row) {
    bool found = ctx.row_ids ? std::binary_search(ctx.row_ids->begin(), ctx.row_ids->end(), row)
                             : row < in.rows;
    if (!found)
      throw InputError("bad_recipe", where + "row " + std::to_string(row) +
                                         " is not in the table (rows are numbered from 0" +
                                         (ctx.row_ids ? "; it may have been dropped)" : ")"));
  };
  if (step.op == "edit_cell") check_row(p["row"].get<uint64_t>());
  if (step.op == "erase_rows")
    for (const auto& r : p["rows"]) check_row(r.get<uint64_t>());
}

StepResult apply_step(const Table& in, const RecipeStep& step, size_t number,
                      const StepContext& ctx) {
  check_step(in, step, number, ctx);
  StepRun run(in, step, number, ctx);
  run.total = static_cast<uint64_t>(in.rows) * std::max<size_t>(1, in.columns.size());
  if (!run_column_op(run)) {
    for (const auto& name : step.columns) {
      const Column* aux = nullptr;
      QuickSame quick = nullptr;
      ValueFn fn = value_fn(run, name, &aux, &quick);
      if (!fn) throw InputError("bad_recipe", run.where() + "this op is not supported yet");
      run.map_values(run.column(name), fn, aux, quick);
    }
  }
  check_cancel(ctx.cancel);
  return std::move(run.result);
}

}  // namespace crm
