// Places: the country op (one value at a time) and the postal_code op (whole columns, so that
// dropped leading zeros are restored when a column's codes are numbers), on the standardizers.
#include "crm/country.h"
#include "crm/postal.h"
#include "recipe/ops.h"

namespace crm::clean_detail {

std::string region_of(std::string_view country) {
  auto c = find_country(country);
  return c ? std::string(c->alpha2) : std::string();
}

ValueFn country_fn(const nlohmann::json& p) {
  CountryForm form = CountryForm::kAlpha2;
  parse_country_form(p.value("output", std::string("alpha2")), form);
  return [form](std::string_view v, std::string_view) {
    Standardized s = standardize_country(v, form);
    if (!s.ok && !s.suggestion.empty()) s.reason += " (did you mean " + s.suggestion + "?)";
    return s;
  };
}

void run_postal(StepRun& run) {
  const auto& p = run.step.params;
  for (const auto& name : run.step.columns) {
    check_cancel(run.ctx.cancel);
    const size_t c = run.column(name);
    const Column& col = run.in.columns[c];
    ColumnStandardization s =
        p.contains("country")
            ? standardize_postal_column(col, p["country"].get<std::string>())
            : standardize_postal_column(
                  col, run.in.columns[run.column(p["country_column"].get<std::string>())]);
    ColumnChange change;
    change.in_column = change.out_column = static_cast<int>(c);
    for (size_t r = 0; r < s.status.size(); ++r) {
      if (s.status[r] == CellStatus::kChanged) {
        change.changed.push_back(static_cast<uint32_t>(r));
        run.sample_change(name, col.value(r), s.column.value(r));
      } else if (s.status[r] == CellStatus::kFlagged) {
        std::string why = "not a postal code";
        if (s.note[r] != ColumnStandardization::kNoNote) {
          const Standardized& n = s.notes[s.note[r]];
          if (!n.reason.empty()) why = n.reason;
          if (!n.suggestion.empty()) why += " (did you mean " + n.suggestion + "?)";
        }
        change.flagged.push_back(static_cast<uint32_t>(r));
        change.flag_note.push_back(run.note(why));
        run.sample_flag(name, col.value(r), why);
      } else if (s.status[r] == CellStatus::kMissing) {
        ++run.result.missing;
      }
    }
    if (change.changed.empty() && change.flagged.empty()) continue;
    run.replace_column(c, std::move(s.column), std::move(change));
  }
}

}  // namespace crm::clean_detail
