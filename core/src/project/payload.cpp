// The project payload: a length-prefixed JSON manifest followed by the original file's bytes.
#include "crm/common.h"
#include "crm/project.h"

namespace crm {

namespace {

/// Largest manifest accepted (history, rules, decisions: small next to the file).
constexpr uint64_t kMaxManifest = 256ull << 20;

void put_le(std::string& s, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t get_le(std::string_view s, size_t at, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}
[[noreturn]] void bad(const std::string& what) {
  throw InputError("bad_project", what);
}

}  // namespace

nlohmann::json new_project_manifest(const std::string& file_name, uint64_t file_size,
                                    const nlohmann::json& options) {
  nlohmann::json m = nlohmann::json::object();
  m["crmwb_project"] = kProjectVersion;
  m["file"] = {{"name", file_name}, {"size", file_size}, {"options", options}};
  m["history"] = {{"steps", nlohmann::json::array()}, {"undone", 0}};
  m["views"] = nlohmann::json::object();
  m["project_key"] = nullptr;
  return m;
}

std::string build_project_payload(const Project& project) {
  const std::string manifest = project.manifest.dump();
  std::string out;
  out.reserve(12 + manifest.size() + project.file_bytes.size());
  put_le(out, manifest.size(), 4);
  out += manifest;
  put_le(out, project.file_bytes.size(), 8);
  out += project.file_bytes;
  return out;
}

Project parse_project_payload(std::string_view payload) {
  if (payload.size() < 4) bad("the project payload is cut short before its manifest length");
  const uint64_t m = get_le(payload, 0, 4);
  if (m > kMaxManifest) bad("the project manifest claims " + std::to_string(m) + " bytes");
  if (payload.size() < 4 + m + 8) bad("the project payload is cut short inside its manifest");
  const uint64_t f = get_le(payload, 4 + m, 8);
  if (payload.size() - (4 + m + 8) != f) {
    bad("the project payload holds " + std::to_string(payload.size() - (4 + m + 8)) +
        " file bytes where its manifest part says " + std::to_string(f));
  }
  Project p;
  try {
    p.manifest = nlohmann::json::parse(payload.substr(4, m));
  } catch (const nlohmann::json::exception& e) {
    bad(std::string("the project manifest is not valid JSON: ") + e.what());
  }
  if (!p.manifest.is_object()) bad("the project manifest is not a JSON object");
  const auto v = p.manifest.find("crmwb_project");
  if (v == p.manifest.end() || !v->is_number_unsigned()) {
    bad("the project manifest lacks \"crmwb_project\": 1");
  }
  if (v->get<uint64_t>() > kProjectVersion || v->get<uint64_t>() == 0) {
    throw InputError("newer_project",
                     "the project manifest has version " + v->dump() + "; this crmwb reads up to " +
                         std::to_string(kProjectVersion) + ": open it with a newer crmwb");
  }
  const auto file = p.manifest.find("file");
  if (file == p.manifest.end() || !file->is_object() || !file->contains("name") ||
      !(*file)["name"].is_string()) {
    bad("the project manifest lacks \"file\": {\"name\": ...}");
  }
  if (file->contains("options") && !(*file)["options"].is_object()) {
    bad("the project manifest's file.options is not an object");
  }
  if (p.manifest.contains("history")) {
    const auto& h = p.manifest["history"];
    if (!h.is_object() || !h.contains("steps") || !h["steps"].is_array()) {
      bad("the project manifest's history lacks \"steps\": [...]");
    }
    if (h.contains("undone") &&
        (!h["undone"].is_number_unsigned() || h["undone"].get<uint64_t>() > h["steps"].size())) {
      bad("the project manifest's history.undone is not a count of its steps");
    }
    if (h.contains("results")) {
      const auto& rs = h["results"];
      if (!rs.is_array()) bad("the project manifest's history.results is not a list");
      for (const auto& r : rs) {
        if (!r.is_object() || !r.contains("step") || !r["step"].is_number_unsigned() ||
            r["step"].get<uint64_t>() >= h["steps"].size() || !r.contains("csv") ||
            !r["csv"].is_string()) {
          bad("the project manifest's history.results holds an entry that is not {\"step\": "
              "a step's index, \"csv\": its columns}");
        }
      }
    }
  }
  p.file_bytes.assign(payload.substr(4 + m + 8));
  return p;
}

Recipe project_history(const nlohmann::json& manifest, size_t& undone) {
  Recipe r;
  undone = 0;
  const auto h = manifest.find("history");
  if (h == manifest.end() || h->is_null()) return r;
  const auto& steps = (*h)["steps"];
  for (size_t i = 0; i < steps.size(); ++i) r.steps.push_back(parse_recipe_step(steps[i], i + 1));
  if (h->contains("undone")) undone = (*h)["undone"].get<size_t>();
  return r;
}

}  // namespace crm
