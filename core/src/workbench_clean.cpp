// The workbench's cleaning: table versions (one per applied step), undo and redo, the recipe
// and the change log.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "crm/workbench.h"

namespace crm {

namespace {

// Kept per-row verdicts of past versions (one byte per cell) beyond the current and the loaded
// version; past it the oldest are dropped and recomputed when undo reaches them.
constexpr size_t kVerdictBudget = 256u << 20;

size_t verdict_bytes(const RowVerdicts& v) {
  size_t n = 0;
  for (const auto& c : v.cells) n += c.size();
  return n;
}

}  // namespace

void Workbench::reset_versions() {
  versions_.clear();
  versions_.emplace_back();
  versions_[0].table = *table_;
  versions_[0].entry.rows = table_->rows;
  current_ = 0;
}

StepResult Workbench::preview_step(const RecipeStep& step, ProgressFn progress, CancelFlag cancel,
                                   size_t number) const {
  StepContext ctx;
  ctx.profile = base_profile_.get();
  ctx.row_ids = versions_.at(current_).row_ids.get();
  ctx.today = today_;
  ctx.progress = std::move(progress);
  ctx.cancel = cancel;
  return crm::apply_step(table(), step, number ? number : current_ + 1, ctx);
}

const HistoryEntry& Workbench::apply_step(const RecipeStep& step, ProgressFn progress,
                                          CancelFlag cancel, bool reprofile, size_t number) {
  StepResult r = preview_step(step, progress, cancel, number);
  Version v;
  v.table = std::move(r.table);
  if (!r.kept_rows.empty() || !r.dropped.empty()) {
    const auto* prev = versions_[current_].row_ids.get();
    auto ids = std::make_shared<std::vector<uint32_t>>();
    ids->reserve(r.kept_rows.size());
    for (uint32_t k : r.kept_rows) ids->push_back(prev ? (*prev)[k] : k);
    v.row_ids = std::move(ids);
  } else {
    v.row_ids = versions_[current_].row_ids;
  }
  v.entry.step = step;
  v.entry.changed = r.changed;
  v.entry.flagged = r.flagged;
  v.entry.missing = r.missing;
  v.entry.dropped = r.dropped.size();
  v.entry.rows = v.table.rows;
  r.table = Table();
  r.samples.clear();
  v.log = std::move(r);
  return push_version(std::move(v), reprofile, std::move(progress), cancel);
}

const HistoryEntry& Workbench::push_version(Version v, bool reprofile, ProgressFn progress,
                                            CancelFlag cancel) {
  std::unique_ptr<Profile> profile;
  RowVerdicts verdicts;
  if (reprofile) {
    // Profile the new version before anything changes (a cancel here leaves all as it was);
    // progress goes on with the stage "profile", per column; the columns the step left alone
    // keep their profiles.
    ProfileReuse current;
    if (profile_) current = {&versions_[current_].table, profile_.get(), &verdicts_};
    const std::vector<ProfileReuse> reuse = reuse_chain(current_, current_, current);
    TableProfiler run(v.table, profile_options_, reuse.empty() ? ProfileReuse() : reuse[0],
                      &hashes_);
    run.run(progress, cancel);
    profile = std::make_unique<Profile>(run.finish(cancel));
    verdicts = run.take_row_verdicts();
    hashes_ = run.take_row_hashes();
  }
  profiler_.reset();
  versions_[current_].profile = std::move(profile_);
  versions_[current_].verdicts = std::move(verdicts_);
  versions_.resize(current_ + 1);
  v.entry.id = ++last_id_;
  versions_.push_back(std::move(v));
  current_ = versions_.size() - 1;
  *table_ = versions_[current_].table;
  profile_ = std::move(profile);
  verdicts_ = std::move(verdicts);
  apply_dedupe_quality();
  view_.clear();
  has_view_ = false;
  trim_kept();
  return versions_[current_].entry;
}

void Workbench::apply_recipe(const Recipe& recipe, ProgressFn progress, CancelFlag cancel,
                             bool reprofile) {
  check_recipe_columns(recipe, table().names());
  const size_t start = current_;
  std::vector<Version> redo;  // the redo versions, put back if the recipe fails
  for (size_t i = start + 1; i < versions_.size(); ++i) redo.push_back(std::move(versions_[i]));
  versions_.resize(start + 1);
  try {
    for (size_t i = 0; i < recipe.steps.size(); ++i) {
      ProgressFn step_progress;
      if (progress)
        step_progress = [&, i](const Progress& p) {
          Progress q = p;
          if (q.stage != "profile")
            q.stage = "clean step " + std::to_string(i + 1) + " of " +
                      std::to_string(recipe.steps.size());
          progress(q);
        };
      apply_step(recipe.steps[i], step_progress, cancel, reprofile && i + 1 == recipe.steps.size(),
                 i + 1);
    }
  } catch (...) {
    if (current_ != start) {
      profile_.reset();  // of a version being dropped
      switch_to(start);
    }
    versions_.resize(start + 1);
    for (auto& v : redo) versions_.push_back(std::move(v));
    throw;
  }
}

std::vector<ProfileReuse> Workbench::reuse_chain(size_t near, size_t skip,
                                                 ProfileReuse first) const {
  std::vector<size_t> kept;
  for (size_t i = 0; i < versions_.size(); ++i)
    if (i != skip && versions_[i].profile) kept.push_back(i);
  auto distance = [near](size_t i) { return i > near ? i - near : near - i; };
  std::stable_sort(kept.begin(), kept.end(),
                   [&](size_t a, size_t b) { return distance(a) < distance(b); });
  std::vector<ProfileReuse> chain;
  chain.reserve(kept.size() + 1);
  if (first.profile) chain.push_back(first);
  for (size_t i : kept)
    chain.push_back({&versions_[i].table, versions_[i].profile.get(), &versions_[i].verdicts});
  for (size_t i = 0; i + 1 < chain.size(); ++i) chain[i].next = &chain[i + 1];
  return chain;
}

void Workbench::switch_to(size_t to) {
  profiler_.reset();
  if (to != current_ && profile_) {
    versions_[current_].profile = std::move(profile_);
    versions_[current_].verdicts = std::move(verdicts_);
  }
  current_ = to;
  *table_ = versions_[to].table;
  profile_ = std::move(versions_[to].profile);
  verdicts_ = std::move(versions_[to].verdicts);
  view_.clear();
  has_view_ = false;
  if (!profile_ && base_profile_) {
    // Not kept: profile it again, taking over the columns it shares with versions whose
    // profiles are kept (the one left, the loaded file...).
    const std::vector<ProfileReuse> reuse = reuse_chain(to, to, ProfileReuse());
    TableProfiler run(*table_, profile_options_, reuse.empty() ? ProfileReuse() : reuse[0],
                      &hashes_);
    run.run();
    profile_ = std::make_unique<Profile>(run.finish());
    verdicts_ = run.take_row_verdicts();
    hashes_ = run.take_row_hashes();
  }
  apply_dedupe_quality();
}

bool Workbench::undo() {
  if (current_ == 0) return false;
  switch_to(current_ - 1);
  return true;
}

bool Workbench::redo() {
  if (current_ + 1 >= versions_.size()) return false;
  switch_to(current_ + 1);
  return true;
}

void Workbench::trim_kept() {
  size_t total = 0;
  for (size_t i = versions_.size(); i-- > 1;) {
    if (i == current_) continue;
    total += verdict_bytes(versions_[i].verdicts);
    if (total > kVerdictBudget) {
      versions_[i].profile.reset();
      versions_[i].verdicts = RowVerdicts();
    }
  }
}

uint64_t Workbench::original_row(size_t row) const {
  const auto* ids = versions_.at(current_).row_ids.get();
  if (row >= table().rows)
    throw InputError("bad_row", "row " + std::to_string(row + 1) + " is past the table's " +
                                    std::to_string(table().rows) + " rows");
  return ids ? (*ids)[row] : row;
}

std::vector<HistoryEntry> Workbench::history() const {
  std::vector<HistoryEntry> out;
  for (size_t i = 1; i < versions_.size(); ++i) {
    out.push_back(versions_[i].entry);
    out.back().applied = i <= current_;
  }
  return out;
}

Recipe Workbench::recipe(bool portable) const {
  Recipe r;
  for (size_t i = 1; i <= current_; ++i)
    if (!portable || !versions_[i].entry.step.row_specific)
      r.steps.push_back(versions_[i].entry.step);
  return r;
}

void Workbench::change_log(const ByteSink& sink, CancelFlag cancel) const {
  std::string buf = "row,column,before,after,step,note\r\n";
  auto field = [&](std::string_view v) { write_csv_field(buf, v); };
  auto line = [&](uint64_t row, std::string_view col, std::string_view before,
                  std::string_view after, size_t step, std::string_view note) {
    buf += std::to_string(row);
    buf.push_back(',');
    field(col);
    buf.push_back(',');
    field(before);
    buf.push_back(',');
    field(after);
    buf.push_back(',');
    buf += std::to_string(step);
    buf.push_back(',');
    field(note);
    buf += "\r\n";
    if (buf.size() >= (1u << 20)) {
      check_cancel(cancel);
      sink(buf);
      buf.clear();
    }
  };
  // Rows erased by an erase_rows step (a person's request): no value of theirs is written, from
  // any step; their lines keep the row, the column and the step.
  std::unordered_map<uint64_t, size_t> erased;
  for (size_t k = 1; k <= current_; ++k) {
    if (versions_[k].entry.step.op != "erase_rows") continue;
    const auto* ids = versions_[k - 1].row_ids.get();
    for (uint32_t r : versions_[k].log.dropped) erased.emplace(ids ? (*ids)[r] : r, k);
  }
  auto line_of = [&](uint64_t row, std::string_view col, std::string_view before,
                     std::string_view after, size_t step, std::string_view note) {
    const auto e = erased.find(row);
    if (e == erased.end() || e->second == step) return line(row, col, before, after, step, note);
    line(row, col, "", "", step,
         "values removed: the row was erased at step " + std::to_string(e->second));
  };
  for (size_t k = 1; k <= current_; ++k) {
    const Table& prev = versions_[k - 1].table;
    const Table& cur = versions_[k].table;
    const auto* ids = versions_[k - 1].row_ids.get();
    const StepResult& log = versions_[k].log;
    auto orig = [&](uint32_t r) -> uint64_t { return ids ? (*ids)[r] : r; };
    for (const ColumnChange& ch : log.changes) {
      const Column& out = cur.columns[static_cast<size_t>(ch.out_column)];
      const Column* in =
          ch.in_column >= 0 ? &prev.columns[static_cast<size_t>(ch.in_column)] : nullptr;
      size_t a = 0, b = 0;
      while (a < ch.changed.size() || b < ch.flagged.size()) {
        if (b >= ch.flagged.size() || (a < ch.changed.size() && ch.changed[a] < ch.flagged[b])) {
          const uint32_t r = ch.changed[a++];
          line_of(orig(r), out.name(), in ? in->value(r) : std::string_view(), out.value(r), k, "");
        } else {
          const uint32_t r = ch.flagged[b];
          const std::string& note = log.notes[ch.flag_note[b++]];
          const int src = in ? ch.in_column : ch.from_column;
          const std::string_view v =
              src >= 0 ? prev.columns[static_cast<size_t>(src)].value(r) : std::string_view();
          line_of(orig(r), out.name(), v, v, k, note);
        }
      }
    }
    for (uint32_t r : log.dropped) line_of(orig(r), "", "", "", k, log.notes.at(0));
  }
  if (!buf.empty()) sink(buf);
}

}  // namespace crm
