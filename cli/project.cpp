// crmwb encrypt, decrypt and project info: project files (.crmwb) on the command line.
#include "project.h"

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CRM_HAVE_THREADS 0
#else
#define CRM_HAVE_THREADS 1
#include <thread>
#endif

#include <exception>

#include "crm/common.h"
#include "crm/project.h"

namespace crm::cli {

namespace {

/// The page's beginLoad options for CSV options (what a project stores as file.options).
nlohmann::json csv_options_json(const CsvOptions& o) {
  nlohmann::json j = nlohmann::json::object();
  if (o.delimiter) j["delimiter"] = o.delimiter == '\t' ? "tab" : std::string(1, o.delimiter);
  j["header"] = o.header == HeaderMode::Yes ? "yes" : o.header == HeaderMode::No ? "no" : "auto";
  j["nullTokens"] = o.null_tokens;
  return j;
}

/// CSV options from a project's file.options (the page's beginLoad options).
CsvOptions csv_options_of(const nlohmann::json& j) {
  CsvOptions c;
  if (!j.is_object()) return c;
  try {
    if (j.contains("delimiter") && j["delimiter"].is_string()) {
      const std::string d = j["delimiter"];
      if (d == "tab" || d == "\t") {
        c.delimiter = '\t';
      } else if (d.size() == 1) {
        c.delimiter = d[0];
      }
    }
    if (j.contains("header") && j["header"].is_string()) {
      const std::string h = j["header"];
      c.header = h == "yes" ? HeaderMode::Yes : h == "no" ? HeaderMode::No : HeaderMode::Auto;
    }
    if (j.contains("nullTokens")) c.null_tokens = j["nullTokens"].get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw InputError("bad_project", "the project's file.options are not valid load options");
  }
  return c;
}

/// Reads a whole file (a project or the file going into one).
std::string read_whole(Io& io, const std::string& path) {
  std::string s;
  const uint64_t size = io.file_size(path);
  if (size) s.reserve(size);
  io.read_file(path, [&](const char* p, size_t n) { s.append(p, n); });
  return s;
}

/// The passphrase in `path`: its bytes without one final line break. Never taken as an argument.
std::string read_passphrase(Io& io, const std::string& path, std::string& file) {
  const std::string keep = file;
  file = path;
  std::string p;
  io.read_file(path, [&](const char* d, size_t n) {
    if (p.size() + n > 4096)
      throw InputError("bad_passphrase", "the passphrase file is over 4 KiB");
    p.append(d, n);
  });
  if (!p.empty() && p.back() == '\n') p.pop_back();
  if (!p.empty() && p.back() == '\r') p.pop_back();
  if (p.empty()) throw InputError("bad_passphrase", "the passphrase file is empty");
  file = keep;
  return p;
}

/// The file name without folders.
std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_xlsx(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.substr(0, 4) == "PK\x03\x04";
}

/// The arguments encrypt and decrypt share: one input, --out and --passphrase-file.
struct InOut {
  std::string in, out, pass_path;
};

/// Parses `cmd`'s arguments; `own(a)` takes the command's other options (true when it took `a`).
template <typename F>
InOut parse_in_out(Args& args, const std::string& cmd, const std::string& input, F own) {
  InOut r;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--out") {
      r.out = args.value(a);
    } else if (a == "--passphrase-file") {
      r.pass_path = args.value(a);
    } else if (own(a)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for " + cmd);
    } else if (r.in.empty()) {
      r.in = a;
    } else {
      throw UsageError(cmd + " takes one " + input);
    }
  }
  return r;
}

/// Loads CSV bytes into `wb` with `csv` options, fed in 4 MiB pieces as a file is read (one
/// feed of the whole file makes the reader copy all of it into its own buffer first).
void load_csv(Workbench& wb, CsvOptions csv, std::string_view bytes) {
  constexpr size_t kPiece = size_t{4} << 20;
  csv.expected_bytes = bytes.size();
  wb.begin_load(csv);
  for (size_t at = 0; at < bytes.size(); at += kPiece) {
    const std::string_view piece = bytes.substr(at, kPiece);
    wb.feed(piece.data(), piece.size());
  }
  wb.finish_load();
}

int cmd_encrypt(Args& args, Io& io, std::string& file) {
  bool no_pass = false;
  uint32_t iterations = kProjectDefaultIterations;
  CsvOptions csv;
  const auto [in, out, pass_path] =
      parse_in_out(args, "encrypt", "input file", [&](const std::string& a) {
        if (a == "--no-passphrase") {
          no_pass = true;
        } else if (a == "--iterations") {
          const uint64_t n = parse_count(a, args.value(a));
          if (n < kProjectMinIterations || n > kProjectMaxIterations) {
            throw UsageError("--iterations takes a number from " +
                             std::to_string(kProjectMinIterations) + " to " +
                             std::to_string(kProjectMaxIterations));
          }
          iterations = static_cast<uint32_t>(n);
        } else {
          return csv_option(a, args, csv);
        }
        return true;
      });
  if (in.empty()) throw UsageError("encrypt needs an input file (CSV, XLSX or a plain project)");
  if (out.empty()) throw UsageError("encrypt needs --out OUT.crmwb");
  if (pass_path.empty() == !no_pass) {
    throw UsageError(
        "encrypt needs --passphrase-file FILE (or --no-passphrase for a plain "
        "project); a passphrase is never taken on the command line");
  }
  ProjectSeal seal;
  seal.iterations = iterations;
  seal.cipher = io.cipher();
  if (!no_pass) {
    if (!seal.cipher) {
      throw InputError("no_cipher",
                       "encryption is not available in this build (use the native "
                       "crmwb or the page)");
    }
    seal.passphrase = read_passphrase(io, pass_path, file);
  }
  file = in;
  std::string bytes = read_whole(io, in);
  Project project;
  bool check = false;
  if (is_project_file(bytes)) {
    const ProjectHeader h = read_project_header(bytes);
    if (h.encrypted()) {
      throw InputError("already_encrypted",
                       "the project is already encrypted: decrypt it first to change its "
                       "passphrase");
    }
    project = read_project(bytes, nullptr, nullptr);
  } else {
    check = !is_xlsx(bytes);
    project.manifest = new_project_manifest(base_name(in), bytes.size(), csv_options_json(csv));
    if (!check) project.manifest["file"]["format"] = "xlsx";
    project.file_bytes = std::move(bytes);
  }
  // A CSV must load (a project of a bad file helps nobody). The check reads the file through the
  // engine, as long as crmwb convert takes; natively it runs beside the key derivation and the
  // encryption, and nothing is written unless both succeed.
  Workbench wb;
  std::exception_ptr check_error;
  auto run_check = [&] {
    try {
      if (check) load_csv(wb, csv, project.file_bytes);
    } catch (...) {
      check_error = std::current_exception();
    }
  };
  std::string data;
#if CRM_HAVE_THREADS
  std::thread checker(run_check);
  try {
    data = write_project(project, seal);
  } catch (...) {
    checker.join();
    throw;
  }
  checker.join();
#else
  run_check();
  if (!check_error) data = write_project(project, seal);
#endif
  if (check_error) std::rethrow_exception(check_error);
  if (check) print_warnings(io, in, wb.table());
  Writer w(io, out);
  w.sink()(data);
  w.close();
  return 0;
}

int cmd_decrypt(Args& args, Io& io, std::string& file) {
  bool original = false;
  const auto [in, out, pass_path] =
      parse_in_out(args, "decrypt", "project file",
                   [&](const std::string& a) { return a == "--original" && (original = true); });
  if (in.empty()) throw UsageError("decrypt needs a project file (.crmwb)");
  if (out.empty()) throw UsageError("decrypt needs --out OUT.csv");
  std::optional<std::string> pass;
  if (!pass_path.empty()) pass = read_passphrase(io, pass_path, file);
  file = in;
  const std::string bytes = read_whole(io, in);
  const ProjectHeader h = read_project_header(bytes);
  if (h.encrypted() && !pass) {
    throw UsageError("the project is encrypted: decrypt needs --passphrase-file FILE");
  }
  if (h.encrypted() && !io.cipher()) {
    throw InputError(
        "no_cipher",
        "encryption is not available in this build (use the native crmwb or the page)");
  }
  const Project p = read_project(bytes, io.cipher(), pass ? &*pass : nullptr);
  Writer w(io, out);
  if (original) {
    w.sink()(p.file_bytes);
    w.close();
    return 0;
  }
  const auto& f = p.manifest["file"];
  if (f.value("format", "") == "xlsx" || is_xlsx(p.file_bytes)) {
    throw InputError("xlsx_project",
                     "the project holds an XLSX file, which only the page reads: "
                     "use --original to get it, or open the project in the page");
  }
  Workbench wb;
  load_csv(wb, csv_options_of(f.value("options", nlohmann::json::object())), p.file_bytes);
  wb.profile();
  replay_project_history(wb, p.manifest, false);
  wb.export_table(ExportOptions{}, w.sink());
  w.close();
  return 0;
}

int cmd_project_info(Args& args, Io& io, std::string& file) {
  std::string path;
  bool json = false;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--json") {
      json = true;
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for project info");
    } else if (path.empty()) {
      path = a;
    } else {
      throw UsageError("project info takes one project file");
    }
  }
  if (path.empty()) throw UsageError("project info needs a project file (.crmwb)");
  file = path;
  // Only the header is kept; the length check needs the file's size.
  std::string head;
  uint64_t total = 0;
  io.read_file(path, [&](const char* p, size_t n) {
    if (head.size() < kProjectHeaderSize) {
      head.append(p, std::min<size_t>(n, kProjectHeaderSize - head.size()));
    }
    total += n;
  });
  const ProjectHeader h = read_project_header(head, total);
  const nlohmann::json j = project_header_json(h, total);
  if (json) {
    io.out(j.dump(2) + "\n");
    return 0;
  }
  std::string s = "crmwb project, format version " + std::to_string(h.version) + "\n";
  if (h.encrypted()) {
    s += "encrypted: AES-256-GCM, key by PBKDF2-HMAC-SHA256, " + std::to_string(h.iterations) +
         " iterations\n";
    s += "salt: " + j["salt"].get<std::string>() + "\nnonce: " + j["nonce"].get<std::string>() +
         "\n";
    if (h.segmented()) {
      s += "segments: " + std::to_string(h.segments()) + " of up to " +
           std::to_string(uint64_t{1} << h.segment_shift) + " bytes each (STREAM)\n";
    }
  } else {
    s += "not encrypted\n";
  }
  s += "payload: " + std::to_string(h.payload_length) + " bytes; file: " + std::to_string(total) +
       " bytes\n";
  io.out(s);
  return 0;
}

}  // namespace

int cmd_project(const std::string& cmd, Args& args, Io& io, std::string& file) {
  if (cmd == "encrypt") return cmd_encrypt(args, io, file);
  if (cmd == "decrypt") return cmd_decrypt(args, io, file);
  if (args.done()) throw UsageError("project needs a subcommand: project info FILE.crmwb");
  const std::string sub = args.next();
  if (sub == "info") return cmd_project_info(args, io, file);
  throw UsageError("unknown project subcommand '" + sub + "' (there is: info)");
}

}  // namespace crm::cli
