// Internal to the generator (generate.cpp, generate_dups.cpp): the PRNG, the entity record and
// the near-duplicate variants.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crm/random.h"

namespace crm::gen {

using sv = std::string_view;

/// The generator's PRNG: crm::Xoshiro256 with the draws the generator uses.
class Rng : public Xoshiro256 {
 public:
  using Xoshiro256::Xoshiro256;
  /// Uniform-ish integer in [0, n) for n >= 1 (multiply-shift on the high 32 bits).
  uint32_t below(uint32_t n) { return below32(n); }
  /// Integer in [0, n) for a 64-bit n >= 1 (modulo; the bias is negligible here).
  uint64_t below64(uint64_t n) { return next() % n; }
  /// True with probability ppm / 1,000,000.
  bool ppm(uint32_t p) { return below(1000000) < p; }
  /// True with probability pct / 100.
  bool pct(uint32_t p) { return below(100) < p; }
};

/// One real customer: everything needed to render any of its rows, as small integers and
/// fixed buffers (no heap).
struct Entity {
  uint64_t index = 0;
  uint8_t country = 0, cf = 0, cl = 0;  // country, culture of first and last name
  uint16_t first = 0, last = 0;
  uint16_t city = 0;
  uint8_t street = 0;
  uint16_t house = 0;
  char house_letter = 0;
  bool has_apt = false, comma = false;
  uint16_t apt = 0;
  uint8_t apt_sub = 0;
  char postal[16] = {};
  uint8_t postal_len = 0;
  bool mobile = false;
  char area[8] = {};
  uint8_t area_len = 0;
  char sub[12] = {};
  uint8_t sub_len = 0;
  uint8_t email_pattern = 0, domain_kind = 0, domain = 0;
  uint16_t email_num = 0;
  bool umlaut_e = false;
  bool has_company = false;
  uint8_t company_style = 0, company_word = 0, company_noun = 0, company_legal = 0;
  uint16_t company_last2 = 0;
  int32_t signup = 0, updated = 0;
  uint32_t orders = 0;
  uint64_t spend = 0;
};

/// How a near-duplicate row differs from its entity's canonical record.
struct DupEdits {
  bool typo_first = false, typo_last = false, nickname = false, title_case = false;
  bool email_case = false, drop_email = false, drop_phone = false, drop_street = false;
  bool drop_company = false, drop_postal = false, street_swap = false, company_swap = false;
  bool city_alt = false;
  bool swap_names = false;   // given and family name entered the wrong way round
  bool typo_street = false;  // one typo in the street
  uint8_t phone_style = 0;   // 0 as usual, 1 international (+CC area number), 2 dotted national
  uint8_t date_layout = 0;   // 0 as usual, else the layout forced on both dates (see render_date)
};

// Email local-part patterns: 0 first.last, 1 firstlast, 2 f.last, 3 first_last, 4 firstNN,
// 5 last.first, 6 first.lastNN, 7 flast, 8 lastf, 9 first.l
inline constexpr uint8_t kEmailPatterns[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2,
                                             3, 4, 4, 5, 6, 6, 6, 7, 7, 8, 9};

/// First day of the generated dates: 2015-01-01 as days since 1970-01-01.
inline constexpr int32_t kFirstDay = 16436;

/// Draws a plausible (orders, spend in cents) pair.
void draw_orders(Rng& r, uint32_t& orders, uint64_t& spend);

/// Draws signup and last-update days with signup < updated, signup on or after `from`.
void draw_dates(Rng& r, int32_t from, int32_t& signup, int32_t& updated);

/// Decides how a near-duplicate row of `e` differs from the entity's canonical record, and
/// changes `e` for what the person changed since (another email, a move, new dates and orders).
/// `street_count` is the number of streets of the entity's country.
DupEdits draw_dup_edits(Rng& r, Entity& e, uint32_t street_count);

/// The first name a near-duplicate row shows for given name `name` (with the generator's own
/// variant `alt`: a common nickname or a plain-ASCII spelling, may be empty): a nickname from the
/// bundled table (crm/nicknames.h), preferring `alt` when the table lists it and nicknames that
/// share two letters in a row with the name (Robert: Bob, Rob, Bobby rather than Fred); `alt` when
/// the table lists no nickname; else the name.
std::string dup_first_name(sv name, sv alt, Rng& r);

/// Applies one keyboard typo (swap, delete, insert or substitute) to an ASCII letter of s,
/// keeping multi-byte UTF-8 characters intact.
void add_typo(std::string& s, Rng& r);

/// Swaps one long/short street spelling in s ("Street" <-> "St"); true if changed.
bool swap_street_spelling(std::string& s);

/// Swaps one company spelling in s ("Limited" <-> "Ltd"); true if changed.
bool swap_company_spelling(std::string& s);

}  // namespace crm::gen
