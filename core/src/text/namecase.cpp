// Person-name case, after Lingua::EN::NameCase 1.21 (Perl, Debian liblingua-en-namecase-perl),
// with its default options (Hebrew particles, roman numerals, post-nominal initials). Deviations,
// each listed in the README: the Mac/Mc rule is decided word by word (the Perl decides it for the
// whole string, so `Mack McDonald` became `MacK McDonald`); `Al` and `Van` keep their capital as
// the first word (forenames: Al Pacino, Van Morrison); roman numerals are II…XXXIX and never the
// first word (`Liv Tyler`, `Jet Li` stayed `LIV`, `LI`), and `Xi` is a surname, not 11;
// post-nominal initials are recognised only after a comma (`Smith, PhD`, not `Li Ma` → `MA`).
#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "text/codepoints.h"

namespace crm::text {
namespace {

struct Word {
  size_t begin, end;  // [begin, end) in the code points
};

// True when the word equals `ascii` exactly (code points compared to ASCII bytes).
bool equals(const std::u32string& s, Word w, std::string_view ascii) {
  if (w.end - w.begin != ascii.size()) return false;
  for (size_t i = 0; i < ascii.size(); ++i)
    if (s[w.begin + i] != static_cast<unsigned char>(ascii[i])) return false;
  return true;
}

bool starts_with(const std::u32string& s, Word w, std::string_view ascii) {
  if (w.end - w.begin < ascii.size()) return false;
  for (size_t i = 0; i < ascii.size(); ++i)
    if (s[w.begin + i] != static_cast<unsigned char>(ascii[i])) return false;
  return true;
}

bool ascii_letter(char32_t c) {
  return c < 0x80 && is_letter(c);
}

// Fully-lower-cased ASCII word (for the roman-numeral and post-nominal tests).
std::string ascii_lower(const std::u32string& s, Word w) {
  std::string out;
  for (size_t i = w.begin; i < w.end; ++i) {
    if (s[i] >= 0x80) return {};
    out.push_back(static_cast<char>(lower(s[i])));
  }
  return out;
}

// Roman numerals 2..39 (X{0,3} then I{1,3} | IV | IX | V I{0,3}), lower case.
bool is_roman(const std::string& w) {
  if (w.empty() || w == "xi") return false;
  size_t i = 0;
  while (i < w.size() && i < 3 && w[i] == 'x') ++i;
  std::string_view u(w.data() + i, w.size() - i);
  if (u.empty()) return i >= 2;  // XX, XXX
  static constexpr std::array<std::string_view, 9> kUnits = {"i",  "ii",  "iii",  "iv", "v",
                                                             "vi", "vii", "viii", "ix"};
  if (std::find(kUnits.begin(), kUnits.end(), u) == kUnits.end()) return false;
  return !(i == 0 && u == "i");  // a lone I is a letter (an initial), not the number one
}

// Mac exceptions of the reference (names that only look like Mac + a name).
constexpr std::array<std::string_view, 27> kMacExceptions = {
    "MacEvicius", "MacHado", "MacHar",  "MacHin",    "MacHlin",  "MacIas",  "MacIulis",
    "MacKie",     "MacKle",  "MacKlin", "MacQuarie", "MacOmber", "MacIn",   "MacKintosh",
    "MacKen",     "MacHen",  "MacHiel", "MacIol",    "MacKell",  "MacKlem", "MacKrell",
    "MacLin",     "MacKey",  "MacKley", "MacHell",   "MacHon",   "MacKmin"};

// Post-nominal initials of the reference (canonical spellings).
constexpr std::string_view kPostNominals[] = {
    "VC",         "GC",       "KG",        "LG",        "KT",       "LT",       "KP",
    "GCB",        "OM",       "GCSI",      "GCMG",      "GCIE",     "GCVO",     "GBE",
    "CH",         "KCB",      "DCB",       "KCSI",      "KCMG",     "DCMG",     "KCIE",
    "KCVO",       "DCVO",     "KBE",       "DBE",       "CB",       "CSI",      "CMG",
    "CIE",        "CVO",      "CBE",       "DSO",       "LVO",      "OBE",      "ISO",
    "MVO",        "MBE",      "IOM",       "CGC",       "RRC",      "DSC",      "MC",
    "DFC",        "AFC",      "ARRC",      "OBI",       "DCM",      "CGM",      "GM",
    "IDSM",       "DSM",      "MM",        "DFM",       "AFM",      "SGM",      "CPM",
    "QGM",        "RVM",      "BEM",       "QPM",       "QFSM",     "QAM",      "MSM",
    "ERD",        "VD",       "TD",        "UD",        "ED",       "RD",       "VRD",
    "AE",         "PC",       "ADC",       "QHP",       "QHS",      "QHDS",     "QHNS",
    "QHC",        "SCJ",      "J",         "LJ",        "QS",       "SL",       "QC",
    "KC",         "JP",       "DL",        "MP",        "MSP",      "MSYP",     "AM",
    "MLA",        "MEP",      "DBEnv",     "DConstMgt", "DREst",    "EdD",      "DPhil",
    "PhD",        "DLitt",    "DSocSci",   "MD",        "EngD",     "DD",       "LLD",
    "DProf",      "MA",       "MArch",     "MAnth",     "MSc",      "MMORSE",   "MMath",
    "MMathStat",  "MPharm",   "MPhil",     "MSci",      "MSt",      "MRes",     "MEng",
    "MChem",      "MBiochem", "MSocSc",    "MMus",      "LLM",      "BCL",      "MPhys",
    "MComp",      "MAcc",     "MFin",      "MBA",       "MPA",      "MEd",      "MEnt",
    "MCGI",       "MGeol",    "MLitt",     "MEarthSc",  "MClinRes", "BA",       "BSc",
    "LLB",        "BEng",     "MBChB",     "FdA",       "FdSc",     "FdEng",    "PgDip",
    "PgD",        "PgCert",   "PgC",       "PgCLTHE",   "AUH",      "AKC",      "AUS",
    "HNC",        "HNCert",   "HND",       "HNDip",     "DipHE",    "Dip",      "OND",
    "CertHE",     "ACSM",     "MCSM",      "DIC",       "AICSM",    "ARSM",     "ARCS",
    "MJur",       "DipLP",    "FCILEx",    "GCILEx",    "ACILEx",   "CQSW",     "DipSW",
    "BSW",        "MSW",      "FCILT",     "CMILT",     "MILT",     "CPL",      "CTP",
    "CML",        "PLS",      "CTL",       "DLP",       "PLog",     "EJLog",    "ESLog",
    "EMLog",      "JrLog",    "Log",       "SrLog",     "BArch",    "ARB",      "RIBA",
    "RIAS",       "RIAI",     "RSAW",      "MB",        "BM",       "BS",       "BCh",
    "BChir",      "MRCS",     "FRCS",      "MS",        "MCh",      "MRCP",     "FRCP",
    "MRCPCH",     "FRCPCH",   "MRCPath",   "MFPM",      "FFPM",     "BDS",      "MRCPsych",
    "FRCPsych",   "MRCOG",    "FRCOG",     "MCEM",      "FCEM",     "FRCA",     "FFPMRCA",
    "MRCGP",      "FRCGP",    "MScChiro",  "MChiro",    "DC",       "LFHOM",    "MFHOM",
    "FFHOM",      "FADO",     "FBDO",      "FCOptom",   "MCOptom",  "MOst",     "DPT",
    "MCSP",       "FCSP",     "SROT",      "MSCR",      "FSCR",     "CPhT",     "RN",
    "VN",         "RVN",      "BVSc",      "BVetMed",   "VetMB",    "MRCVS",    "FRCVS",
    "FAWM",       "PGCAP",    "PGCHE",     "PGCE",      "PGDE",     "BEd",      "NPQH",
    "QTS",        "CSci",     "CSciTeach", "RSci",      "RSciTech", "CEng",     "IEng",
    "EngTech",    "ICTTech",  "DEM",       "CMarEng",   "CMarSci",  "CMarTech", "IMarEng",
    "MarEngTech", "RGN",      "SRN",       "RMN",       "RSCN",     "SEN",      "EN",
    "RNMH",       "RM",       "RN1",       "RNA",       "RN2",      "RN3",      "RN4",
    "RN5",        "RNLD",     "RN6",       "RN8",       "RNC",      "RN7",      "RN9",
    "RHV",        "RSN",      "ROH",       "RFHN",      "SPAN",     "SPMH",     "SPCN",
    "SPLD",       "SPHP",     "SCHM",      "SCLD",      "SPCC",     "SPDN",     "V100",
    "V200",       "V300",     "LPE"};

void mac_mc(std::u32string& s, Word w) {
  size_t n = w.end - w.begin;
  if (starts_with(s, w, "Mc") && n > 2 && ascii_letter(s[w.begin + 2])) {
    s[w.begin + 2] = upper(s[w.begin + 2]);
    return;
  }
  if (starts_with(s, w, "Macmurdo")) {
    s[w.begin + 3] = 'M';
    return;
  }
  if (starts_with(s, w, "Macisaac")) {
    s[w.begin + 3] = 'I';
    return;
  }
  // Mac + at least two ASCII letters + a last letter other than a c i o z j (Mack, Mace,
  // Macias, Macchio stay as they are).
  if (!starts_with(s, w, "Mac") || n < 6) return;
  for (size_t i = w.begin + 3; i < w.end; ++i)
    if (!ascii_letter(s[i])) return;
  char32_t last = s[w.end - 1];
  if (std::u32string_view(U"aciozj").find(last) != std::u32string_view::npos) return;
  s[w.begin + 3] = upper(s[w.begin + 3]);
  for (std::string_view ex : kMacExceptions)
    if (starts_with(s, w, ex)) {
      s[w.begin + 3] = lower(s[w.begin + 3]);
      return;
    }
}

void lower_word(std::u32string& s, Word w) {
  for (size_t i = w.begin; i < w.end; ++i) s[i] = lower(s[i]);
}

// Whitespace then a word character follows the word (Perl's (?=\s+\w)).
bool followed_by_word(const std::u32string& s, Word w) {
  size_t i = w.end;
  if (i >= s.size() || !is_space(s[i])) return false;
  while (i < s.size() && is_space(s[i])) ++i;
  return i < s.size() && is_word(s[i]);
}

// Exactly one whitespace then a non-space precede the word (Perl's (?<=\S\s)).
bool preceded_by_word(const std::u32string& s, Word w) {
  return w.begin >= 2 && is_space(s[w.begin - 1]) && !is_space(s[w.begin - 2]);
}

void particles(std::u32string& s, Word w, bool first) {
  static constexpr std::string_view kAlways[] = {"Ap",  "Della", "Delle", "Da", "De", "Di", "Du",
                                                 "Del", "Der",   "El",    "La", "Le", "Lo", "Von"};
  for (std::string_view p : kAlways)
    if (equals(s, w, p)) return lower_word(s, w);
  if ((equals(s, w, "Al") || equals(s, w, "Van")) && !first && followed_by_word(s, w))
    return lower_word(s, w);
  if ((equals(s, w, "Ben") || equals(s, w, "Bat")) && preceded_by_word(s, w) &&
      followed_by_word(s, w))
    return lower_word(s, w);
}

}  // namespace

void name_case(std::u32string& s) {
  for (char32_t& c : s) c = lower(c);
  std::vector<Word> words;
  for (size_t i = 0; i < s.size();) {
    if (!is_word(s[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < s.size() && is_word(s[i])) ++i;
    words.push_back({b, i});
    s[b] = title(s[b]);  // each word's first letter
  }
  // Lower-case 's: an apostrophe followed by a single word character at the end of a word.
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (is_apostrophe(s[i]) && is_word(s[i + 1]) && (i + 2 == s.size() || !is_word(s[i + 2])))
      s[i + 1] = lower(s[i + 1]);
  for (size_t k = 0; k < words.size(); ++k) {
    Word w = words[k];
    mac_mc(s, w);
    particles(s, w, k == 0);
    if (k > 0) {
      std::string a = ascii_lower(s, w);
      if (is_roman(a))
        for (size_t i = w.begin; i < w.end; ++i) s[i] = upper(s[i]);
    }
  }
  // A post-nominal after a comma at the end: `smith, phd` → `Smith, PhD`.
  if (words.size() >= 2) {
    Word w = words.back();
    size_t i = w.begin;
    while (i > 0 && is_space(s[i - 1])) --i;
    bool after_comma = i > 0 && s[i - 1] == ',' && w.end == s.size();
    std::string a = ascii_lower(s, w);
    if (after_comma && !a.empty())
      for (std::string_view p : kPostNominals) {
        if (p.size() != a.size()) continue;
        bool same = true;
        for (size_t j = 0; j < p.size() && same; ++j)
          same = static_cast<char>(lower(static_cast<unsigned char>(p[j]))) == a[j];
        if (!same) continue;
        for (size_t j = 0; j < p.size(); ++j) s[w.begin + j] = static_cast<unsigned char>(p[j]);
        break;
      }
  }
}

}  // namespace crm::text
