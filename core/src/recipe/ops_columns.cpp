// The column ops: steps that look at a whole column (fill_missing, zscore, minmax), add columns
// (age, days_since, split_name, join_name), change the table's shape (rename, drop_column,
// drop_rows, erase_rows) or edit one cell (edit_cell).
#include <algorithm>
#include <cmath>
#include <map>

#include "crm/infer.h"
#include "crm/text.h"
#include "recipe/ops.h"

namespace crm::clean_detail {

namespace {

std::string value_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  return format_number(v.get<double>());
}

// The numbers of a column (row, value) as parse_number reads them.
std::vector<std::pair<uint32_t, double>> numbers(const Column& col, bool comma) {
  std::vector<std::pair<uint32_t, double>> out;
  for (size_t r = 0; r < col.size(); ++r) {
    if (col.missing(r)) continue;
    auto n = parse_number(clean_text(col.value(r)), comma);
    if (n) out.emplace_back(static_cast<uint32_t>(r), n->value);
  }
  return out;
}

void fill_missing(StepRun& run) {
  const auto& p = run.step.params;
  const std::string strategy = p["strategy"].get<std::string>();
  for (const auto& name : run.step.columns) {
    const size_t c = run.column(name);
    const Column& col = run.in.columns[c];
    if (col.missing_count() == 0) continue;
    std::string fill;
    if (strategy == "value") {
      fill = value_text(p["value"]);
    } else if (strategy == "mean" || strategy == "median") {
      const ColumnProfile* prof = profile_of(run.ctx, name);
      auto nums = numbers(col, prof && prof->decimal_comma);
      if (nums.empty())
        throw InputError("bad_recipe", run.where() + "column \"" + name +
                                           "\" has no numbers to take the " + strategy + " of");
      std::vector<double> v;
      for (auto& [r, x] : nums) v.push_back(x);
      double x = 0;
      if (strategy == "mean") {
        for (double d : v) x += d;
        x /= static_cast<double>(v.size());
      } else {
        std::sort(v.begin(), v.end());
        const size_t n = v.size();
        x = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
      }
      fill = format_number(x);
    } else if (strategy == "mode") {
      std::unordered_map<std::string_view, std::pair<uint64_t, size_t>> counts;
      for (size_t r = 0; r < col.size(); ++r)
        if (!col.missing(r)) {
          auto& e = counts.try_emplace(col.value(r), 0, r).first->second;
          ++e.first;
        }
      if (counts.empty())
        throw InputError("bad_recipe",
                         run.where() + "column \"" + name + "\" has no values to take the mode of");
      std::pair<uint64_t, size_t> best{0, 0};
      for (auto& [v, e] : counts)
        if (e.first > best.first || (e.first == best.first && e.second < best.second)) {
          best = e;
          fill = std::string(v);
        }
    }
    Column out(col.name());
    out.reserve(col.size(), col.byte_size() + col.missing_count() * 8);
    ColumnChange change;
    change.in_column = change.out_column = static_cast<int>(c);
    std::string_view previous;
    bool have_previous = false;
    const uint32_t none = strategy == "previous" ? run.note("no value above to copy") : 0;
    for (size_t r = 0; r < col.size(); ++r) {
      run.tick(r);
      if (!col.missing(r)) {
        out.append(col.value(r), false);
        previous = col.value(r);
        have_previous = true;
        continue;
      }
      if (strategy == "previous" && !have_previous) {
        out.append(col.value(r), true);
        change.flagged.push_back(static_cast<uint32_t>(r));
        change.flag_note.push_back(none);
        continue;
      }
      const std::string_view v = strategy == "previous" ? previous : std::string_view(fill);
      const bool miss = is_missing_value(v, run.in.null_tokens);
      if (miss || v == col.value(r)) {
        out.append(col.value(r), true);
        continue;
      }
      run.sample_change(name, col.value(r), v);
      out.append(v, false);
      change.changed.push_back(static_cast<uint32_t>(r));
    }
    run.replace_column(c, std::move(out), std::move(change));
  }
}

/// Ends a step that removes rows (result.dropped / kept_rows set): notes `why`, and the table of
/// the kept rows; nothing changes when no row was removed.
void keep_rows(StepRun& run, const std::string& why) {
  auto& res = run.result;
  if (res.dropped.empty()) {
    res.kept_rows.clear();
    return;
  }
  res.notes.push_back(why);
  for (size_t c = 0; c < run.in.columns.size(); ++c) {
    check_cancel(run.ctx.cancel);
    const Column& in = run.in.columns[c];
    Column out(in.name());
    out.reserve(res.kept_rows.size(), in.byte_size());
    for (uint32_t r : res.kept_rows) out.append(in.value(r), in.missing(r));
    res.table.columns.set(c, std::make_shared<Column>(std::move(out)));
  }
  res.table.rows = res.kept_rows.size();
}

void drop_rows(StepRun& run) {
  std::vector<const Column*> cols;
  for (const auto& name : run.step.columns) cols.push_back(&run.in.columns[run.column(name)]);
  auto& res = run.result;
  for (size_t r = 0; r < run.in.rows; ++r) {
    run.tick(r);
    bool drop = false;
    for (const Column* c : cols) drop |= c->missing(r);
    (drop ? res.dropped : res.kept_rows).push_back(static_cast<uint32_t>(r));
  }
  keep_rows(
      run, "row dropped: a value is missing in " + [&] {
        std::string s;
        for (const auto& n : run.step.columns) s += (s.empty() ? "" : ", ") + n;
        return s;
      }());
}

/// Position of the loaded file's row `row` in the step's input (the input's rows ascending).
size_t position_of(const StepRun& run, uint64_t row) {
  if (!run.ctx.row_ids) return static_cast<size_t>(row);
  return static_cast<size_t>(
      std::lower_bound(run.ctx.row_ids->begin(), run.ctx.row_ids->end(), row) -
      run.ctx.row_ids->begin());
}

/// Removes the rows a person asked to have erased (rows of the loaded file). Their values are
/// not sampled or logged: the change log keeps the row number and the reason only.
void erase_rows(StepRun& run) {
  std::vector<uint32_t> gone;
  for (const auto& r : run.step.params["rows"])
    gone.push_back(static_cast<uint32_t>(position_of(run, r.get<uint64_t>())));
  std::sort(gone.begin(), gone.end());
  auto& res = run.result;
  size_t g = 0;
  for (size_t r = 0; r < run.in.rows; ++r) {
    run.tick(r);
    const bool drop = g < gone.size() && gone[g] == r;
    g += drop;
    (drop ? res.dropped : res.kept_rows).push_back(static_cast<uint32_t>(r));
  }
  keep_rows(run, "row erased: " + run.step.params["reason"].get<std::string>());
}

// Adds a column after `after` with the values of `fn` per row (nullopt: missing); `fn` may
// flag a row by returning nullopt and setting `why`.
template <typename Fn>
void add_column(StepRun& run, size_t after, const std::string& name, Fn fn) {
  const Column& src = run.in.columns[after];
  Column out(name);
  ColumnChange change;
  change.out_column = static_cast<int>(after + 1);
  change.from_column = static_cast<int>(after);
  std::string why;
  for (size_t r = 0; r < run.in.rows; ++r) {
    run.tick(r);
    why.clear();
    std::optional<std::string> v = src.missing(r) ? std::nullopt : fn(r, why);
    if (v && !is_missing_value(*v, run.in.null_tokens)) {
      out.append(*v, false);
      change.changed.push_back(static_cast<uint32_t>(r));
      run.sample_change(name, src.value(r), *v);
    } else {
      out.append("", true);
      if (src.missing(r)) ++run.result.missing;
      if (!why.empty()) {
        change.flagged.push_back(static_cast<uint32_t>(r));
        change.flag_note.push_back(run.note(why));
        run.sample_flag(src.name(), src.value(r), why);
      }
    }
  }
  run.result.changed += change.changed.size();
  run.result.flagged += change.flagged.size();
  run.result.table.columns.insert(after + 1, std::make_shared<Column>(std::move(out)));
  // Columns after the new one moved right by one.
  for (auto& ch : run.result.changes)
    if (ch.out_column > static_cast<int>(after)) ++ch.out_column;
  run.result.changes.push_back(std::move(change));
}

void scale(StepRun& run, bool z) {
  const std::string& name = run.step.columns[0];
  const size_t c = run.column(name);
  const ColumnProfile* prof = profile_of(run.ctx, name);
  const bool comma = prof && prof->decimal_comma;
  auto nums = numbers(run.in.columns[c], comma);
  double mean = 0, sd = 0, lo = 0, hi = 0;
  if (!nums.empty()) {
    lo = hi = nums[0].second;
    for (auto& [r, x] : nums) {
      mean += x;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    mean /= static_cast<double>(nums.size());
    for (auto& [r, x] : nums) sd += (x - mean) * (x - mean);
    sd = nums.size() > 1 ? std::sqrt(sd / static_cast<double>(nums.size() - 1)) : 0;
  }
  const Column& col = run.in.columns[c];
  add_column(run, c, run.step.as[0], [&](size_t r, std::string& why) -> std::optional<std::string> {
    auto n = parse_number(clean_text(col.value(r)), comma);
    if (!n) {
      why = "not a number";
      return std::nullopt;
    }
    double v =
        z ? (sd > 0 ? (n->value - mean) / sd : 0) : (hi > lo ? (n->value - lo) / (hi - lo) : 0);
    return format_fixed6(v);
  });
}

void date_diff(StepRun& run, bool years) {
  const std::string& name = run.step.columns[0];
  const size_t c = run.column(name);
  int64_t ref = run.ctx.today;
  if (run.step.params.contains("reference_date")) {
    const std::string s = run.step.params["reference_date"].get<std::string>();
    ref =
        days_from_civil(std::stoi(s.substr(0, 4)), static_cast<unsigned>(std::stoi(s.substr(5, 2))),
                        static_cast<unsigned>(std::stoi(s.substr(8, 2))));
  }
  int64_t ry;
  unsigned rm, rd;
  civil_from_days(ref, ry, rm, rd);
  const ColumnProfile* prof = profile_of(run.ctx, name);
  const bool day_first = prof && prof->day_first;
  const Column& col = run.in.columns[c];
  add_column(run, c, run.step.as[0], [&](size_t r, std::string& why) -> std::optional<std::string> {
    auto d = parse_date(clean_text(col.value(r)), day_first);
    if (!d) {
      why = "not a date";
      return std::nullopt;
    }
    if (!years) return std::to_string(ref - d->day);
    int64_t y;
    unsigned m, dd;
    civil_from_days(d->day, y, m, dd);
    int64_t age = ry - y - ((rm < m || (rm == m && rd < dd)) ? 1 : 0);
    if (age < 0) {
      why = "after the reference date";
      return std::nullopt;
    }
    return std::to_string(age);
  });
}

bool is_particle(std::string_view w) {
  static const char* const kParticles[] = {"van", "von", "de",  "da",  "del", "der",
                                           "di",  "la",  "le",  "du",  "dos", "das",
                                           "den", "ter", "ten", "bin", "al"};
  const std::string k = fold_key(w);
  for (const char* p : kParticles)
    if (k == p) return true;
  return false;
}

// Given and family name of a full name ("Family, Given" or "Given [particles] Family").
std::pair<std::string, std::string> split(std::string_view full) {
  const std::string t = clean_text(full);
  const size_t comma = t.find(',');
  if (comma != std::string::npos)
    return {clean_text(t.substr(comma + 1)), clean_text(t.substr(0, comma))};
  std::vector<std::string> words;
  size_t i = 0;
  while (i < t.size()) {
    size_t j = t.find(' ', i);
    if (j == std::string::npos) j = t.size();
    words.push_back(t.substr(i, j - i));
    i = j + 1;
  }
  if (words.size() < 2) return {t, ""};
  size_t f = words.size() - 1;
  while (f > 1 && is_particle(words[f - 1])) --f;
  std::string given, family;
  for (size_t k = 0; k < words.size(); ++k) {
    std::string& part = k < f ? given : family;
    if (!part.empty()) part += ' ';
    part += words[k];
  }
  return {given, family};
}

void split_name(StepRun& run) {
  const size_t c = run.column(run.step.columns[0]);
  const Column& col = run.in.columns[c];
  add_column(run, c, run.step.as[0], [&](size_t r, std::string&) -> std::optional<std::string> {
    return split(col.value(r)).first;
  });
  // The family name column goes after the given name column.
  ColumnChange& given = run.result.changes.back();
  const int given_at = given.out_column;
  Column out(run.step.as[1]);
  ColumnChange change;
  change.out_column = given_at + 1;
  for (size_t r = 0; r < run.in.rows; ++r) {
    run.tick(r);
    std::string f = col.missing(r) ? std::string() : split(col.value(r)).second;
    const bool miss = is_missing_value(f, run.in.null_tokens);
    out.append(f, miss);
    if (!miss) change.changed.push_back(static_cast<uint32_t>(r));
  }
  run.result.changed += change.changed.size();
  run.result.table.columns.insert(static_cast<size_t>(given_at) + 1,
                                  std::make_shared<Column>(std::move(out)));
  run.result.changes.push_back(std::move(change));
}

void join_name(StepRun& run) {
  const size_t g = run.column(run.step.columns[0]), f = run.column(run.step.columns[1]);
  const Column& gc = run.in.columns[g];
  const Column& fc = run.in.columns[f];
  const size_t at = std::max(g, f);
  Column out(run.step.as[0]);
  ColumnChange change;
  change.out_column = static_cast<int>(at + 1);
  for (size_t r = 0; r < run.in.rows; ++r) {
    run.tick(r);
    std::string v;
    if (!gc.missing(r)) v = clean_text(gc.value(r));
    if (!fc.missing(r)) {
      if (!v.empty()) v.push_back(' ');
      v += clean_text(fc.value(r));
    }
    const bool miss = is_missing_value(v, run.in.null_tokens);
    out.append(v, miss);
    if (!miss) {
      change.changed.push_back(static_cast<uint32_t>(r));
      run.sample_change(run.step.as[0], gc.value(r), v);
    } else {
      ++run.result.missing;
    }
  }
  run.result.changed += change.changed.size();
  run.result.table.columns.insert(at + 1, std::make_shared<Column>(std::move(out)));
  run.result.changes.push_back(std::move(change));
}

void edit_cell(StepRun& run) {
  const size_t c = run.column(run.step.columns[0]);
  const size_t pos = position_of(run, run.step.params["row"].get<uint64_t>());
  const Column& col = run.in.columns[c];
  const std::string v = value_text(run.step.params["value"]);
  if (v == col.value(pos)) return;
  const bool now_missing = is_missing_value(v, run.in.null_tokens);
  Column fresh = Column::patch(run.in.columns.share(c), {static_cast<uint32_t>(pos)}, [&](size_t) {
    return std::pair<std::string_view, bool>(v, now_missing);
  });
  run.sample_change(col.name(), col.value(pos), v);
  ColumnChange change;
  change.in_column = change.out_column = static_cast<int>(c);
  change.changed.push_back(static_cast<uint32_t>(pos));
  run.replace_column(c, std::move(fresh), std::move(change));
}

}  // namespace

bool run_column_op(StepRun& run) {
  const std::string& op = run.step.op;
  if (op == "postal_code") {
    run_postal(run);
  } else if (op == "fill_missing") {
    fill_missing(run);
  } else if (op == "drop_rows") {
    drop_rows(run);
  } else if (op == "zscore" || op == "minmax") {
    scale(run, op == "zscore");
  } else if (op == "age" || op == "days_since") {
    date_diff(run, op == "age");
  } else if (op == "split_name") {
    split_name(run);
  } else if (op == "join_name") {
    join_name(run);
  } else if (op == "rename") {
    const size_t c = run.column(run.step.columns[0]);
    Column renamed = run.in.columns[c].clone();
    renamed.set_name(run.step.params["to"].get<std::string>());
    run.result.table.columns.set(c, std::make_shared<Column>(std::move(renamed)));
  } else if (op == "drop_column") {
    for (const auto& name : run.step.columns) {
      auto names = run.result.table.names();
      size_t i = static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
      run.result.table.columns.erase(i);
    }
  } else if (op == "edit_cell") {
    edit_cell(run);
  } else if (op == "erase_rows") {
    erase_rows(run);
  } else {
    return false;
  }
  return true;
}

}  // namespace crm::clean_detail
