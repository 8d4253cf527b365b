// Replaying a project's history: ordinary steps as recipes, steps that added result columns
// (computed from an orders file or a model run, which the project does not hold) from the
// columns the project kept for them.
#include <map>

#include "crm/project.h"
#include "crm/workbench.h"

namespace crm {

namespace {

/// True for the steps whose added columns a project keeps (they cannot be computed again).
bool is_result_step(const std::string& op) {
  return op == "join_orders" || op.rfind("segment_", 0) == 0;
}

}  // namespace

void replay_project_history(Workbench& wb, const nlohmann::json& manifest, bool reprofile) {
  const auto h = manifest.find("history");
  if (h == manifest.end() || h->is_null()) return;
  const auto& steps = (*h)["steps"];
  std::map<size_t, std::string> csv;
  if (h->contains("results"))
    for (const auto& r : (*h)["results"])
      csv[r["step"].get<size_t>()] = r["csv"].get<std::string>();
  Recipe run;
  auto flush = [&](bool last) {
    if (!run.steps.empty()) wb.apply_recipe(run, {}, nullptr, last && reprofile);
    run.steps.clear();
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& s = steps[i];
    const std::string op =
        s.is_object() && s.contains("op") && s["op"].is_string() ? s["op"].get<std::string>() : "";
    if (!is_result_step(op)) {
      run.steps.push_back(parse_recipe_step(s, i + 1));
      continue;
    }
    flush(false);
    const auto c = csv.find(i);
    if (c == csv.end())
      throw InputError("bad_project", "step " + std::to_string(i + 1) + " (" + op +
                                          ") added columns the project does not hold: open it in "
                                          "the page and run that step again");
    wb.restore_result_columns(op, c->second, reprofile && i + 1 == steps.size());
  }
  flush(true);
  const size_t undone = h->value("undone", size_t{0});
  for (size_t i = 0; i < undone; ++i) wb.undo();
}

}  // namespace crm
