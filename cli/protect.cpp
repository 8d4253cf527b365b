// crmwb protect: lists the columns holding personal data, or writes a protected copy of a file.
#include "protect.h"

#include <unistd.h>

#include <cstring>
#include <optional>

#include "crm/privacy.h"

namespace crm::cli {

namespace {

/// Reads a key file (InputError naming it when it is not 32 bytes or 64 hex digits).
ProjectKey read_key(Io& io, const std::string& path, std::string& file) {
  file = path;
  std::string bytes;
  io.read_file(path, [&](const char* p, size_t n) {
    if (bytes.size() + n > 4096)
      throw InputError("bad_key", "a key file is 32 bytes; this is larger");
    bytes.append(p, n);
  });
  return parse_key_file(bytes);
}

/// A new random key written as 64 hex digits and a newline.
ProjectKey new_key(Io& io, const std::string& path) {
  ProjectKey key{};
  if (getentropy(key.data(), key.size()) != 0)
    throw InputError("no_random", "this system gave no random bytes for a new key");
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (uint8_t b : key) {
    text += hex[b >> 4];
    text += hex[b & 15];
  }
  text += '\n';
  Writer w(io, path);
  w.sink()(text);
  w.close();
  return key;
}

}  // namespace

int cmd_protect(Args& args, Io& io, std::string& file) {
  std::string in, config_path, out, key_path, new_key_path;
  bool json = false, detect = false;
  CsvOptions csv;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--config") {
      config_path = args.value(a);
    } else if (a == "--out") {
      out = args.value(a);
    } else if (a == "--key-file") {
      key_path = args.value(a);
    } else if (a == "--new-key-file") {
      new_key_path = args.value(a);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--detect") {
      detect = true;
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for protect");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("protect takes one input file");
    }
  }
  if (in.empty()) throw UsageError("protect needs an input file");
  if (!detect && config_path.empty())
    throw UsageError("protect needs --config PROTECT.json (or --detect to list personal data)");
  if (!detect && out.empty()) throw UsageError("protect needs --out OUT.csv");
  if (!key_path.empty() && !new_key_path.empty())
    throw UsageError("give --key-file or --new-key-file, not both");
  std::optional<ProtectConfig> config;
  if (!detect) {
    file = config_path;
    config = parse_protect_config(read_small(io, config_path, "the protect configuration"));
  }
  std::optional<ProjectKey> key;
  if (!key_path.empty()) key = read_key(io, key_path, file);
  file = in;
  Workbench wb;
  load(io, in, csv, wb);
  print_warnings(io, in, wb.table());
  const Profile& profile = wb.profile();
  const std::vector<PiiFinding> findings = detect_personal_data(wb.table(), profile);
  if (detect) {
    if (json) {
      io.out(pii_findings_json(findings) + "\n");
    } else {
      std::string s;
      for (const PiiFinding& f : findings)
        s += f.name + ": " + pii_kind_name(f.kind) + " (" + f.evidence + ")\n";
      if (findings.empty()) s = "no column looks like personal data\n";
      io.out(s);
    }
    return 0;
  }
  if (!new_key_path.empty()) {
    bool needs = false;
    for (const auto& [name, p] : config->columns) needs |= p.action == ProtectAction::Pseudonymize;
    if (needs) key = new_key(io, new_key_path);
  }
  Writer w(io, out);
  const ProtectResult r =
      protect_table(wb.table(), profile, findings, *config, key ? &*key : nullptr, w.sink());
  w.close();
  io.out(json ? protect_result_json(r) + "\n" : protect_summary_text(r));
  return 0;
}

}  // namespace crm::cli
