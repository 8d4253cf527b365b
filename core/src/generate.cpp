// Deterministic generator of realistic, messy customer data with known duplicate groups.
//
// Design:
// - Every customer entity is regenerated on demand from (seed, entity index) with its own PRNG,
//   so a near-duplicate of any earlier entity can be produced without storing it. Only small
//   bounded rings are kept (recent entity indices with their duplicate counts, the last few
//   rendered rows for exact copies), so memory does not grow with `rows`.
// - A separate row-stream PRNG decides, per row, whether it is a new entity, a near-duplicate
//   (new customer_id, typos, nickname, swapped names, case and format changes, missing fields,
//   another email: generate_dups.cpp, the mix in the README's Generator section) or an exact
//   copy of a recent row (identical bytes, including customer_id).
// - Exact duplicates are PART of dup_rate: 2% of the duplicate rows are exact copies, 3% of the
//   rest copies with a fresh customer_id (the same record entered again), the rest
//   near-duplicates. So dup_rate = 0 gives every row its own entity; dup_rate = 0.1 gives ~9.8%
//   near-duplicate and ~0.2% exact-duplicate rows. An entity picked from the recent window gets
//   at most 3 duplicates; ~20% of near-duplicates pick any earlier entity (far apart in the file).
// - Byte-identical output on every platform: own PRNG (splitmix64 + xoshiro256**), integer-only
//   arithmetic for everything printed, fixed-width integer types, no std distributions, hashing
//   or unordered containers. dup_rate is turned into an integer parts-per-million once.
#include "crm/generate.h"

#include "crm/csv.h"
#include "crm/infer.h"
#include "csv/encoding.h"
#include "generate_internal.h"

#include <array>
#include <cstring>
#include <iterator>
#include <memory>
#include <span>
#include <string>

namespace crm {
namespace {

using namespace gen;

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// Picks one element of a non-empty span uniformly.
template <typename T>
const T& pick(std::span<const T> items, Rng& r) {
  return items[r.below(static_cast<uint32_t>(items.size()))];
}

/// Picks the index of an element by its `weight` member.
template <typename T>
uint32_t pick_weighted(std::span<const T> items, Rng& r) {
  uint32_t total = 0;
  for (const T& it : items) total += it.weight;
  uint32_t x = r.below(total);
  for (uint32_t i = 0; i < items.size(); ++i) {
    if (x < items[i].weight) return i;
    x -= items[i].weight;
  }
  return static_cast<uint32_t>(items.size() - 1);
}

/// Picks one of the '|'-separated alternatives of `list` uniformly.
sv pick_alt(sv list, Rng& r) {
  uint32_t n = 1;
  for (char c : list) n += c == '|';
  uint32_t k = r.below(n);
  size_t start = 0;
  while (k > 0) {
    start = list.find('|', start) + 1;
    --k;
  }
  const size_t end = list.find('|', start);
  return list.substr(start, end == sv::npos ? sv::npos : end - start);
}

// ---------------------------------------------------------------------------------------------
// Embedded reference data
// ---------------------------------------------------------------------------------------------
// clang-format off

/// A first name and an optional variant (nickname or plain-ASCII spelling) used by duplicates.
struct First {
  sv name;
  sv alt;
};

/// Names of one naming culture.
struct Culture {
  std::span<const First> first;
  std::span<const sv> last;
};

constexpr First kEnFirst[] = {
    {"James", "Jim"}, {"Robert", "Bob"}, {"John", "Johnny"}, {"Michael", "Mike"},
    {"William", "Bill"}, {"David", "Dave"}, {"Richard", "Rick"}, {"Joseph", "Joe"},
    {"Thomas", "Tom"}, {"Christopher", "Chris"}, {"Daniel", "Dan"}, {"Matthew", "Matt"},
    {"Anthony", "Tony"}, {"Mark", ""}, {"Steven", "Steve"}, {"Andrew", "Andy"}, {"Joshua", "Josh"},
    {"Kevin", ""}, {"Brian", ""}, {"Jonathan", "Jon"}, {"Edward", "Ed"}, {"Benjamin", "Ben"},
    {"Nicholas", "Nick"}, {"Samuel", "Sam"}, {"Tyler", ""}, {"Jamal", ""}, {"DeShawn", ""},
    {"Mary", ""}, {"Patricia", "Patty"}, {"Jennifer", "Jen"}, {"Linda", ""}, {"Elizabeth", "Liz"},
    {"Barbara", "Barb"}, {"Susan", "Sue"}, {"Jessica", "Jess"}, {"Sarah", ""}, {"Karen", ""},
    {"Nancy", ""}, {"Margaret", "Maggie"}, {"Emily", ""}, {"Ashley", ""}, {"Samantha", "Sam"},
    {"Katherine", "Kate"}, {"Rebecca", "Becky"}, {"Victoria", "Vicky"}, {"Zoë", "Zoe"},
    {"Chloë", "Chloe"}, {"Renée", "Renee"}, {"Noël", "Noel"}, {"Aaliyah", ""}, {"Madison", ""},
    {"Olivia", "Liv"}, {"Amelia", "Millie"}, {"Oliver", "Ollie"}, {"Harry", ""}, {"George", ""},
    {"Charlotte", "Charlie"}, {"Eleanor", "Ellie"}, {"Harriet", "Hattie"}, {"Rhys", ""},
    {"Gareth", ""}, {"Dafydd", "Dai"}};
constexpr sv kEnLast[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green",
    "Adams", "Baker", "Nelson", "Carter", "Mitchell", "McDonald", "MacLeod", "Washington",
    "Peterson", "Evans", "Hughes", "Roberts", "Wood", "Hall", "Edwards", "Turner", "Cooper", "Ward",
    "Morris", "O'Connor", "St. John", "Fitzgerald", "Llewellyn"};
constexpr First kIeFirst[] = {
    {"Seán", "Sean"}, {"Siobhán", "Siobhan"}, {"Aoife", ""}, {"Niamh", ""}, {"Ciarán", "Ciaran"},
    {"Pádraig", "Paddy"}, {"Róisín", "Roisin"}, {"Eoin", ""}, {"Caoimhe", ""}, {"Declan", ""},
    {"Fiona", ""}, {"Conor", ""}, {"Cian", ""}, {"Saoirse", ""}, {"Orla", ""}, {"Máire", "Maire"},
    {"Brendan", ""}, {"Colm", ""}, {"Deirdre", ""}, {"Éamon", "Eamon"}, {"Áine", "Aine"},
    {"Ruairí", "Rory"}, {"Sinéad", "Sinead"}, {"Patrick", "Pat"}};
constexpr sv kIeLast[] = {
    "O'Brien", "O'Sullivan", "Murphy", "Kelly", "Byrne", "Ryan", "O'Neill", "Walsh", "McCarthy",
    "O'Connor", "Doyle", "Gallagher", "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLaughlin",
    "Ó Súilleabháin", "Mac Giolla", "Ní Bhriain", "Ó Briain", "FitzGerald", "Brennan", "Nolan",
    "Duffy"};
constexpr First kDeFirst[] = {
    {"Lukas", ""}, {"Leon", ""}, {"Finn", ""}, {"Jonas", ""}, {"Felix", ""}, {"Maximilian", "Max"},
    {"Paul", ""}, {"Jürgen", "Juergen"}, {"Günter", "Guenter"}, {"Klaus", ""}, {"Uwe", ""},
    {"Björn", "Bjoern"}, {"Sören", "Soeren"}, {"Jörg", "Joerg"}, {"Hans", ""}, {"Wolfgang", "Wolf"},
    {"Johannes", "Hannes"}, {"Stefan", ""}, {"Matthias", "Matze"}, {"Anna", ""}, {"Lena", ""},
    {"Marie", ""}, {"Sophie", ""}, {"Hannah", ""}, {"Jana", ""}, {"Ursula", "Uschi"},
    {"Sabine", "Bine"}, {"Käthe", "Kaethe"}, {"Elisabeth", "Lisa"}, {"Margarethe", "Grete"},
    {"Friederike", "Frieda"}, {"Ayşe", "Ayse"}, {"Mehmet", ""}, {"Emre", ""}, {"Özlem", "Oezlem"},
    {"Gülşen", "Gulsen"}, {"Çağlar", "Caglar"}, {"Ilse", ""}, {"Heike", ""}, {"Dörte", "Doerte"}};
constexpr sv kDeLast[] = {
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner", "Krause",
    "Lehmann", "Köhler", "Weiß", "Jäger", "Groß", "von der Heide", "von Weizsäcker",
    "zu Guttenberg", "Yılmaz", "Öztürk", "Kaya", "Şahin", "Çelik", "Doğan"};
constexpr First kFrFirst[] = {
    {"François", "Francois"}, {"Jean", ""}, {"Pierre", ""}, {"Michel", ""}, {"Philippe", ""},
    {"Alain", ""}, {"Nicolas", "Nico"}, {"Stéphane", "Stephane"}, {"Frédéric", "Fred"},
    {"Jérôme", "Jerome"}, {"Sébastien", "Seb"}, {"Hélène", "Helene"}, {"Élodie", "Elodie"},
    {"Céline", "Celine"}, {"Amélie", "Amelie"}, {"Chloé", "Chloe"}, {"Léa", "Lea"}, {"Manon", ""},
    {"Camille", ""}, {"Inès", "Ines"}, {"Zoé", "Zoe"}, {"Mathéo", "Matheo"}, {"Théo", "Theo"},
    {"Noémie", "Noemie"}, {"Gaëlle", "Gaelle"}, {"Anaïs", "Anais"}, {"Loïc", "Loic"},
    {"Aurélien", "Aurelien"}, {"Benoît", "Benoit"}, {"Cécile", "Cecile"}, {"Jean-Luc", ""},
    {"Marie-Claire", ""}, {"Anne-Sophie", ""}, {"Françoise", "Francoise"},
    {"Geneviève", "Genevieve"}, {"Aurélie", "Aurelie"}, {"Thérèse", "Therese"},
    {"Gérard", "Gerard"}, {"Rémi", "Remi"}};
constexpr sv kFrLast[] = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
    "Mercier", "Boucher", "Chevalier", "de la Fontaine", "Le Gall", "Le Goff", "d'Amboise",
    "Saint-Exupéry", "Lefèbvre", "Bélanger", "Gauthier", "Hébert", "Crépin", "Bréval"};
constexpr First kEsFirst[] = {
    {"José", "Pepe"}, {"Antonio", "Toño"}, {"Manuel", "Manolo"}, {"Francisco", "Paco"},
    {"Juan", ""}, {"David", ""}, {"Javier", "Javi"}, {"Daniel", "Dani"}, {"Carlos", ""},
    {"Jesús", "Chuy"}, {"Alejandro", "Álex"}, {"Miguel", ""}, {"Rafael", "Rafa"}, {"Pablo", ""},
    {"Sergio", ""}, {"Fernando", "Nando"}, {"Jorge", ""}, {"Luis", ""}, {"Álvaro", "Alvaro"},
    {"Adrián", "Adrian"}, {"María", "Maria"}, {"Carmen", ""}, {"Ana", ""}, {"Isabel", "Isa"},
    {"Laura", ""}, {"Lucía", "Lucia"}, {"Marta", ""}, {"Elena", ""}, {"Sofía", "Sofia"},
    {"Paula", ""}, {"Begoña", "Begona"}, {"Inés", "Ines"}, {"Ángela", "Angela"}, {"Raúl", "Raul"},
    {"Iñaki", "Inaki"}, {"Nuria", ""}, {"Guadalupe", "Lupe"}, {"Ximena", ""}, {"Roberto", "Beto"},
    {"Guillermo", "Memo"}, {"María José", "Majo"}, {"Juan Carlos", ""}, {"José Luis", ""},
    {"María del Carmen", "Mari Carmen"}};
constexpr sv kEsLast[] = {
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
    "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
    "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Ibáñez",
    "de la Cruz", "del Río", "de León", "Peña", "Castañeda", "Ordóñez", "García López",
    "Núñez de Balboa", "Sanz", "Iglesias", "Cortés"};
constexpr First kItFirst[] = {
    {"Giuseppe", "Beppe"}, {"Giovanni", "Gianni"}, {"Antonio", "Tonino"}, {"Mario", ""},
    {"Luigi", "Gino"}, {"Francesco", "Checco"}, {"Alessandro", "Sandro"}, {"Lorenzo", "Enzo"},
    {"Matteo", ""}, {"Andrea", ""}, {"Marco", ""}, {"Stefano", ""}, {"Niccolò", "Nicolo"},
    {"Maria", ""}, {"Anna", ""}, {"Giulia", ""}, {"Francesca", "Franca"}, {"Chiara", ""},
    {"Sara", ""}, {"Martina", ""}, {"Alessia", ""}, {"Federica", "Fede"}, {"Elisa", ""},
    {"Giorgia", ""}, {"Beatrice", "Bea"}, {"Gianluca", ""}, {"Pierpaolo", ""},
    {"Salvatore", "Totò"}, {"Raffaele", "Lello"}, {"Carmela", ""}, {"Concetta", "Tina"}};
constexpr sv kItLast[] = {
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
    "Lombardi", "Moretti", "D'Angelo", "Di Stefano", "Lo Russo", "Dell'Acqua", "Sartori", "Fabbri",
    "Caruso", "Cattaneo", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "La Rosa"};
constexpr First kNlFirst[] = {
    {"Daan", ""}, {"Sem", ""}, {"Lucas", ""}, {"Levi", ""}, {"Bram", ""}, {"Jesse", ""},
    {"Thijs", ""}, {"Sander", ""}, {"Joost", ""}, {"Maarten", ""}, {"Pieter", "Piet"}, {"Emma", ""},
    {"Julia", ""}, {"Sanne", ""}, {"Fleur", ""}, {"Lotte", ""}, {"Anouk", ""}, {"Eva", ""},
    {"Femke", ""}, {"Mila", ""}, {"Noor", ""}, {"Ruud", ""}, {"Geert", ""}, {"Willemijn", ""},
    {"IJsbrand", "Ysbrand"}, {"Sjoerd", ""}, {"Hendrik", "Henk"}, {"Cornelis", "Kees"},
    {"Jacobus", "Koos"}, {"Wilhelmina", "Mien"}, {"Margriet", ""}, {"Roos", ""},
    {"Daniëlle", "Danielle"}, {"Zoë", "Zoe"}};
constexpr sv kNlLast[] = {
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "van der Berg", "van der Meer",
    "van 't Hof", "Kuijpers", "van Beek", "Verhoeven", "van der Linden", "Wijnaldum", "IJzerman"};
constexpr First kPlFirst[] = {
    {"Łukasz", "Lukasz"}, {"Piotr", ""}, {"Krzysztof", "Krzyś"}, {"Andrzej", ""},
    {"Tomasz", "Tomek"}, {"Paweł", "Pawel"}, {"Michał", "Michal"}, {"Marcin", ""},
    {"Grzegorz", "Grzesiek"}, {"Jakub", "Kuba"}, {"Mateusz", ""}, {"Wojciech", "Wojtek"},
    {"Aleksander", "Olek"}, {"Zbigniew", "Zbyszek"}, {"Anna", "Ania"}, {"Katarzyna", "Kasia"},
    {"Małgorzata", "Gosia"}, {"Agnieszka", "Aga"}, {"Barbara", "Basia"}, {"Ewa", ""},
    {"Magdalena", "Magda"}, {"Joanna", "Asia"}, {"Zofia", "Zosia"}, {"Żaneta", "Zaneta"},
    {"Jadwiga", ""}, {"Bożena", "Bozena"}, {"Urszula", "Ula"}, {"Jarosław", "Jarek"},
    {"Przemysław", "Przemek"}, {"Stanisław", "Staszek"}};
constexpr sv kPlLast[] = {
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowska", "Pawłowski", "Michalski",
    "Zając", "Król", "Wróbel", "Jabłoński", "Brzęczyszczykiewicz", "Kowalska", "Wiśniewska",
    "Gołębiowski", "Śliwa", "Żak"};
constexpr First kSeFirst[] = {
    {"Björn", "Bjorn"}, {"Lars", ""}, {"Anders", ""}, {"Johan", ""}, {"Erik", ""}, {"Per", ""},
    {"Nils", ""}, {"Mikael", "Micke"}, {"Magnus", ""}, {"Sven", ""}, {"Åsa", "Asa"}, {"Astrid", ""},
    {"Ingrid", ""}, {"Karin", ""}, {"Linnéa", "Linnea"}, {"Elin", ""}, {"Maja", ""}, {"Saga", ""},
    {"Sofia", ""}, {"Märta", "Marta"}, {"Göran", "Goran"}, {"Håkan", "Hakan"}, {"Örjan", "Orjan"},
    {"Agnes", ""}, {"Ebba", ""}, {"Wilma", ""}, {"Ulf", ""}, {"Bengt", ""}, {"Gunnar", ""},
    {"Kristina", "Stina"}};
constexpr sv kSeLast[] = {
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
    "Lindberg", "Lindström", "Lindqvist", "Berglund", "Åberg", "Sjöberg", "Öberg", "Söderberg",
    "Ström", "Holmström", "Ekström", "Nyström", "Wallén", "Åkesson"};
constexpr First kVnFirst[] = {
    {"Anh", ""}, {"Bảo", "Bao"}, {"Minh", ""}, {"Hương", "Huong"}, {"Thảo", "Thao"}, {"Linh", ""},
    {"Dũng", "Dung"}, {"Tuấn", "Tuan"}, {"Phương", "Phuong"}, {"Hùng", "Hung"}, {"Lan", ""},
    {"Mai", ""}, {"Quang", ""}, {"Trang", ""}, {"Hoa", ""}, {"Thúy", "Thuy"}, {"Đức", "Duc"},
    {"Nam", ""}, {"Khánh", "Khanh"}, {"Việt", "Viet"}, {"Ngọc", "Ngoc"}, {"Huy", ""}};
constexpr sv kVnLast[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý"};
constexpr First kGlFirst[] = {
    {"Wei", ""}, {"Li", ""}, {"Priya", ""}, {"Rahul", ""}, {"Arjun", ""}, {"Ananya", ""},
    {"Mohammed", "Mo"}, {"Muhammad", ""}, {"Fatima", ""}, {"Aisha", ""}, {"Omar", ""},
    {"Yusuf", ""}, {"Hiroshi", ""}, {"Yuki", ""}, {"Min-jun", ""}, {"Ji-woo", ""}, {"Mei", ""},
    {"Jun", ""}, {"Sanjay", ""}, {"Deepika", ""}, {"Ahmed", ""}, {"Leila", ""}, {"Tariq", ""},
    {"Ngozi", ""}, {"Chidi", ""}, {"Kwame", ""}, {"Amara", ""}, {"Dmitri", "Dima"}, {"Olga", ""},
    {"Søren", "Soren"}, {"Mikkel", ""}, {"Aleksi", ""}};
constexpr sv kGlLast[] = {
    "Wang", "Li", "Zhang", "Chen", "Liu", "Patel", "Shah", "Singh", "Kumar", "Sharma", "Khan",
    "Ali", "Ahmed", "Hussain", "Tanaka", "Satō", "Kim", "Park", "Nakamura", "Okafor", "Mensah",
    "Ivanov", "Petrov", "Kuznetsova", "Jørgensen", "Østergaard", "Nielsen", "Hämäläinen",
    "Virtanen", "Al-Farsi", "Abdullah"};

enum CultureId : uint8_t { kEN, kIE, kDE, kFR, kES, kIT, kNL, kPL, kSE, kVN, kGL };
constexpr Culture kCultures[] = {
    {kEnFirst, kEnLast}, {kIeFirst, kIeLast}, {kDeFirst, kDeLast}, {kFrFirst, kFrLast},
    {kEsFirst, kEsLast}, {kItFirst, kItLast}, {kNlFirst, kNlLast}, {kPlFirst, kPlLast},
    {kSeFirst, kSeLast}, {kVnFirst, kVnLast}, {kGlFirst, kGlLast}};

/// A city: local name, '|'-separated other names, postal pattern(s), phone area code(s).
/// Postal patterns: '#' digit, '%' digit 1-9, '@' letter, '*' letter or digit, else literal.
/// An empty area means residents get mobile numbers only.
struct City {
  sv name;
  sv alt;
  sv postal;
  sv area;
  uint32_t weight;
};

constexpr City kUsCities[] = {
    {"New York", "New York, NY|NYC", "100##|101##|112##", "212|718|646|917", 10},
    {"Los Angeles", "Los Angeles, CA|LA", "900##", "213|310|323", 8},
    {"Chicago", "Chicago, IL", "606##", "312|773", 6},
    {"Houston", "Houston, TX", "770##", "713|832", 5},
    {"Phoenix", "Phoenix, AZ", "850##", "602|480", 4},
    {"Philadelphia", "Philadelphia, PA|Philly", "191##", "215|267", 4},
    {"San Antonio", "San Antonio, TX", "782##", "210", 3},
    {"San Diego", "San Diego, CA", "921##", "619|858", 3},
    {"Dallas", "Dallas, TX", "752##", "214|972", 3}, {"Austin", "Austin, TX", "787##", "512", 3},
    {"San Francisco", "San Francisco, CA|SF", "941##", "415", 4},
    {"Seattle", "Seattle, WA", "981##", "206", 4}, {"Boston", "Boston, MA", "021##", "617|857", 4},
    {"Denver", "Denver, CO", "802##", "303|720", 3}, {"Miami", "Miami, FL", "331##", "305|786", 3},
    {"Atlanta", "Atlanta, GA", "303##", "404|678", 3},
    {"Portland", "Portland, OR", "972##", "503|971", 2},
    {"Nashville", "Nashville, TN", "372##", "615", 2},
    {"Minneapolis", "Minneapolis, MN", "554##", "612", 2},
    {"Newark", "Newark, NJ", "071##", "973", 1}, {"Hartford", "Hartford, CT", "061##", "860", 1},
    {"St. Louis", "Saint Louis|St Louis, MO", "631##", "314", 1}};
constexpr City kGbCities[] = {
    {"London", "",
     "SW% %@@|SE% %@@|N% %@@|E% %@@|W% %@@|NW% %@@|EC%@ %@@|WC%@ %@@|SE1# %@@|E1# %@@", "20", 12},
    {"Manchester", "", "M% %@@|M1# %@@", "161", 4}, {"Birmingham", "", "B% %@@|B1# %@@", "121", 4},
    {"Leeds", "", "LS% %@@|LS1# %@@", "113", 3}, {"Glasgow", "", "G% %@@|G1# %@@", "141", 3},
    {"Edinburgh", "", "EH% %@@|EH1# %@@", "131", 3}, {"Liverpool", "", "L% %@@|L1# %@@", "151", 2},
    {"Bristol", "", "BS% %@@", "117", 2}, {"Cardiff", "Caerdydd", "CF1# %@@", "29", 2},
    {"Belfast", "", "BT% %@@", "28", 2}, {"Sheffield", "", "S% %@@", "114", 2},
    {"Newcastle upon Tyne", "Newcastle", "NE% %@@", "191", 2},
    {"Southampton", "", "SO1# %@@", "23", 1}, {"Nottingham", "", "NG% %@@", "115", 2}};
constexpr City kDeCities[] = {
    {"Berlin", "", "10###|12###|13###", "30", 10}, {"Hamburg", "", "20###|22###", "40", 6},
    {"München", "Munich|Muenchen", "80###|81###", "89", 6},
    {"Köln", "Cologne|Koeln", "50###|51###", "221", 4},
    {"Frankfurt am Main", "Frankfurt|Frankfurt a.M.", "60###", "69", 4},
    {"Stuttgart", "", "70###", "711", 3},
    {"Düsseldorf", "Dusseldorf|Duesseldorf", "40###", "211", 3}, {"Leipzig", "", "04###", "341", 2},
    {"Dresden", "", "01###", "351", 2}, {"Nürnberg", "Nuremberg", "90###", "911", 2},
    {"Hannover", "Hanover", "30###", "511", 2}, {"Bremen", "", "28###", "421", 2},
    {"Essen", "", "45###", "201", 1}};
constexpr City kFrCities[] = {
    {"Paris", "", "7500#|7501#", "1", 12}, {"Marseille", "Marseilles", "130##", "4", 4},
    {"Lyon", "Lyons", "6900#", "4", 4}, {"Toulouse", "", "310##|315##", "5", 3},
    {"Nice", "", "060##", "4", 2}, {"Nantes", "", "440##", "2", 2},
    {"Strasbourg", "", "670##", "3", 2}, {"Montpellier", "", "340##", "4", 2},
    {"Bordeaux", "", "330##", "5", 2}, {"Lille", "", "590##", "3", 2},
    {"Rennes", "", "350##", "2", 1}, {"Reims", "", "510##", "3", 1},
    {"Saint-Étienne", "St-Étienne|Saint-Etienne", "420##", "4", 1},
    {"Le Havre", "", "766##", "2", 1}, {"Aix-en-Provence", "", "131##", "4", 1}};
constexpr City kEsCities[] = {
    {"Madrid", "", "280##", "91", 10}, {"Barcelona", "", "080##", "93", 8},
    {"Valencia", "València", "460##", "96", 4}, {"Sevilla", "Seville", "410##", "954|955", 3},
    {"Zaragoza", "Saragossa", "500##", "976", 2}, {"Málaga", "Malaga", "290##", "952", 2},
    {"Bilbao", "Bilbo", "480##", "94", 2}, {"Palma", "Palma de Mallorca", "070##", "971", 1},
    {"Las Palmas de Gran Canaria", "Las Palmas", "350##", "928", 1},
    {"Murcia", "", "300##", "968", 1}, {"Alicante", "Alacant", "030##", "965", 1}};
constexpr City kItCities[] = {
    {"Roma", "Rome", "001##", "06", 8}, {"Milano", "Milan", "201##", "02", 7},
    {"Napoli", "Naples", "801##", "081", 4}, {"Torino", "Turin", "101##", "011", 4},
    {"Palermo", "", "901##", "091", 2}, {"Genova", "Genoa", "161##", "010", 2},
    {"Bologna", "", "401##", "051", 2}, {"Firenze", "Florence", "501##", "055", 2},
    {"Bari", "", "701##", "080", 1}, {"Venezia", "Venice", "301##", "041", 1},
    {"Verona", "", "371##", "045", 1}};
constexpr City kNlCities[] = {
    {"Amsterdam", "", "10## @@", "20", 10}, {"Rotterdam", "", "30## @@", "10", 6},
    {"Den Haag", "'s-Gravenhage|The Hague", "25## @@", "70", 5},
    {"Utrecht", "", "35## @@", "30", 4}, {"Eindhoven", "", "56## @@", "40", 3},
    {"Groningen", "", "97## @@", "50", 2}, {"Tilburg", "", "50## @@", "13", 2},
    {"Almere", "", "13## @@", "36", 1}, {"Breda", "", "48## @@", "76", 1},
    {"Nijmegen", "", "65## @@", "24", 1}};
constexpr City kPlCities[] = {
    {"Warszawa", "Warsaw", "0%-###", "22", 10}, {"Kraków", "Krakow|Cracow", "3%-###", "12", 6},
    {"Łódź", "Lodz", "9%-###", "42", 4}, {"Wrocław", "Wroclaw", "5%-###", "71", 4},
    {"Poznań", "Poznan", "6%-###", "61", 3}, {"Gdańsk", "Gdansk", "80-###", "58", 3},
    {"Szczecin", "", "7%-###", "91", 2}, {"Bydgoszcz", "", "85-###", "52", 1},
    {"Lublin", "", "20-###", "81", 2}, {"Katowice", "", "40-###", "32", 2}};
constexpr City kSeCities[] = {
    {"Stockholm", "", "1%# ##", "8", 10}, {"Göteborg", "Gothenburg|Goteborg", "41# ##", "31", 5},
    {"Malmö", "Malmo", "21# ##", "40", 4}, {"Uppsala", "", "75# ##", "18", 2},
    {"Västerås", "Vasteras", "72# ##", "21", 1}, {"Örebro", "Orebro", "70# ##", "19", 1},
    {"Linköping", "Linkoping", "58# ##", "13", 1}, {"Helsingborg", "", "25# ##", "42", 1}};
constexpr City kMxCities[] = {
    {"Ciudad de México", "CDMX|Mexico City|México D.F.", "0####|1####", "55", 10},
    {"Guadalajara", "", "44###", "33", 5}, {"Monterrey", "", "64###", "81", 5},
    {"Puebla", "", "72###", "222", 2}, {"Tijuana", "", "22###", "664", 2},
    {"Mérida", "Merida", "97###", "999", 1}, {"Querétaro", "Queretaro", "76###", "442", 1},
    {"Cancún", "Cancun", "77###", "998", 1}, {"León", "Leon", "37###", "477", 1},
    {"Toluca", "", "50###", "722", 1}};
constexpr City kIeCities[] = {
    {"Dublin", "Baile Átha Cliath", "D0% ****|D1% ****", "1", 10},
    {"Cork", "", "T12 ****|T23 ****", "21", 4}, {"Galway", "", "H91 ****", "91", 2},
    {"Limerick", "", "V94 ****", "61", 2}, {"Waterford", "", "X91 ****", "51", 1},
    {"Drogheda", "", "A92 ****", "41", 1}, {"Kilkenny", "", "R95 ****", "56", 1}};

constexpr sv kUsStreets[] = {
    "Main St", "Oak Ave", "Maple Street", "Cedar Lane", "Pine Rd", "Elm Street", "Washington Ave",
    "Lake Shore Dr", "Park Avenue", "Sunset Blvd", "Lincoln Way", "Jefferson St", "Madison Ave",
    "Franklin Street", "Highland Ave", "Church St", "Walnut St", "River Road", "Spring Street",
    "Broadway", "Market St", "5th Avenue", "Mission St", "Peachtree St NE",
    "Martin Luther King Jr Blvd", "Ocean Drive", "Hillcrest Dr", "Willow Ln", "Chestnut St",
    "Sycamore Ct"};
constexpr sv kGbStreets[] = {
    "High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road",
    "Park Road", "Queen's Road", "King Street", "Baker Street", "Mill Lane", "The Crescent",
    "Kingsway", "London Road", "Albert Road", "St John's Road", "Church Street", "Oxford Road",
    "Grove Road", "Windsor Close"};
constexpr sv kIeStreets[] = {
    "O'Connell Street", "Grafton Street", "Main Street", "Patrick Street", "Shop Street",
    "Dame Street", "Church Road", "Strand Road", "Castle Street", "Parnell Square", "Abbey Street",
    "Henry Street", "Harcourt Road", "Merrion Square"};
constexpr sv kDeStreets[] = {
    "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Berliner Straße",
    "Gartenstraße", "Kirchstraße", "Schulstraße", "Dorfstraße", "Lindenallee", "Am Markt",
    "Mozartstraße", "Friedrichstraße", "Kantstraße", "Rosenweg", "Birkenweg", "Waldstraße",
    "Ringstraße", "Sonnenallee", "Königstraße", "Marktplatz", "Am Rathaus", "Talstraße",
    "Bergstraße"};
constexpr sv kFrStreets[] = {
    "rue de la République", "avenue Victor Hugo", "rue du Général de Gaulle", "boulevard Pasteur",
    "rue Jean Jaurès", "rue de la Gare", "allée des Lilas", "rue Émile Zola", "place Voltaire",
    "boulevard Saint-Michel", "rue de l'Église", "rue des Écoles", "avenue des Champs-Élysées",
    "rue du Faubourg Saint-Honoré", "quai de la Tournelle", "chemin des Vignes",
    "impasse des Roses", "rue de Rivoli", "cours Mirabeau", "rue Nationale"};
constexpr sv kEsStreets[] = {
    "Calle Mayor", "Calle de Alcalá", "Gran Vía", "Calle del Sol", "Avenida de la Constitución",
    "Plaza de España", "Calle de Cervantes", "Calle Real", "Calle Nueva", "Paseo de la Castellana",
    "Calle Príncipe de Vergara", "Calle de Goya", "Avenida Diagonal", "Rambla de Catalunya",
    "Carrer de Balmes", "Calle San Fernando", "Avenida de Andalucía", "Calle Larios"};
constexpr sv kItStreets[] = {
    "Via Roma", "Via Giuseppe Garibaldi", "Via Mazzini", "Via Dante Alighieri", "Corso Cavour",
    "Via Verdi", "Corso Vittorio Emanuele II", "Via dei Mille", "Piazza della Repubblica",
    "Via San Francesco", "Via Nazionale", "Viale Europa", "Via Toledo", "Via del Corso",
    "Piazza del Duomo", "Via Montenapoleone", "Largo Argentina", "Via XX Settembre"};
constexpr sv kNlStreets[] = {
    "Keizersgracht", "Prinsengracht", "Herengracht", "Kerkstraat", "Dorpsstraat", "Stationsweg",
    "Molenweg", "Schoolstraat", "Julianalaan", "Beatrixlaan", "Marktplein", "Nieuwstraat",
    "Hoofdstraat", "Damrak", "Coolsingel", "Lange Voorhout", "Oudegracht", "Stratumseind"};
constexpr sv kPlStreets[] = {
    "ul. Marszałkowska", "ul. Długa", "ul. Krakowska", "ul. Mickiewicza", "ul. Słowackiego",
    "ul. Kościuszki", "ul. Piłsudskiego", "ul. Polna", "ul. Leśna", "ul. Ogrodowa", "ul. Szkolna",
    "ul. Lipowa", "ul. Żeromskiego", "al. Jerozolimskie", "ul. Piotrkowska", "ul. Świętokrzyska",
    "pl. Grunwaldzki", "ul. Nowy Świat"};
constexpr sv kSeStreets[] = {
    "Drottninggatan", "Storgatan", "Kungsgatan", "Vasagatan", "Skolgatan", "Järnvägsgatan",
    "Östra Hamngatan", "Sveavägen", "Götgatan", "Södra Förstadsgatan", "Kyrkogatan", "Linnégatan",
    "Strandvägen", "Hamngatan", "Nygatan", "Stora Torget"};
constexpr sv kMxStreets[] = {
    "Av. Insurgentes Sur", "Paseo de la Reforma", "Calle Hidalgo", "Av. Juárez", "Calle Morelos",
    "Av. Revolución", "Calle Allende", "Av. Chapultepec", "Calle Zaragoza", "Calle 5 de Mayo",
    "Av. Universidad", "Calzada de Tlalpan", "Av. Vallarta", "Calle Madero", "Blvd. Kukulcán"};
constexpr sv kMxColonias[] = {
    "Col. Centro", "Col. Roma Norte", "Col. Del Valle", "Col. Condesa", "Col. Polanco",
    "Col. Americana", "Col. Juárez", "Col. Obrera"};

// Phone templates: 'A' area code, 'S' whole subscriber number, 'T' subscriber with a space
// before its last 4 digits, 'd' next subscriber digit, 'n' next digit of area+subscriber.
constexpr sv kUsLand[] = {
    "(A) ddd-dddd", "(A) ddd-dddd", "A-ddd-dddd", "A-ddd-dddd", "+1 A ddd dddd", "A.ddd.dddd",
    "Addddddd", "+1-A-ddd-dddd", "1 (A) ddd-dddd", "(A)ddd-dddd"};
constexpr sv kGbLand[] = {"0A T", "+44 A T", "+44 (0)A T", "0AS", "(0A) T", "+44AS"};
constexpr sv kGbMobileAreas[] = {
    "7700", "7911", "7415", "7824", "7957", "7984", "7723", "7568", "7400", "7507"};
constexpr sv kGbMobile[] = {"0A dddddd", "+44 A dddddd", "0A ddd ddd", "+44Adddddd", "0Adddddd"};
constexpr sv kDeLand[] = {
    "0A S", "0A S", "+49 A S", "+49 A S", "0A/S", "+49 (0)A S", "0049 A S", "0A-S", "(0A) S"};
constexpr sv kDeMobileAreas[] = {
    "151", "152", "157", "160", "162", "163", "170", "171", "172", "173", "174", "175", "176",
    "177", "178", "179"};
constexpr sv kDeMobile[] = {"0A S", "0A S", "+49 A S", "0A-S", "0A/S", "+49AS"};
constexpr sv kFrLand[] = {
    "0A dd dd dd dd", "0A dd dd dd dd", "0A dd dd dd dd", "+33 A dd dd dd dd", "+33 A dd dd dd dd",
    "0Adddddddd", "0A.dd.dd.dd.dd", "+33 (0)A dd dd dd dd", "0A-dd-dd-dd-dd", "+33Adddddddd"};
constexpr sv kFrMobileAreas[] = {"6", "7"};
constexpr sv kEsPhone[] = {
    "nnn nnn nnn", "nnn nnn nnn", "+34 nnn nnn nnn", "nnn nn nn nn", "nnnnnnnnn",
    "+34 nnn nn nn nn", "(+34) nnn nnn nnn", "0034 nnn nnn nnn"};
constexpr sv kEsMobileAreas[] = {
    "600", "605", "610", "616", "620", "622", "626", "630", "636", "639", "645", "650", "655",
    "660", "666", "670", "677", "680", "686", "690", "696", "699"};
constexpr sv kItLand[] = {"A S", "A S", "+39 A S", "+39 A S", "A/S", "A-S", "(A) S", "0039 A S"};
constexpr sv kItMobileAreas[] = {
    "320", "328", "329", "333", "335", "338", "339", "340", "347", "348", "349", "366", "380",
    "389", "393"};
constexpr sv kItMobile[] = {"A ddd dddd", "A ddd dddd", "+39 A ddd dddd", "+39 A S", "AS", "A-S"};
constexpr sv kNlLand[] = {
    "0A-ddd dddd", "0A ddd dddd", "+31 A ddd dddd", "0A-S", "+31 (0)A ddd dddd", "0AS", "+31AS"};
constexpr sv kNlMobileAreas[] = {"6"};
constexpr sv kNlMobile[] = {"0A-S", "0A-S", "+31 A S", "0A S", "0A dd dd dd dd", "+31AS"};
constexpr sv kPlLand[] = {
    "A ddd dd dd", "+48 A ddd dd dd", "(A) ddd dd dd", "+48 A ddd-dd-dd", "+48AS"};
constexpr sv kPlMobileAreas[] = {
    "501", "502", "505", "509", "512", "530", "600", "601", "602", "603", "604", "660", "661",
    "663", "691", "692", "693", "695", "697", "720", "730", "781", "782", "790", "880", "881",
    "884", "885", "887", "888"};
constexpr sv kPlMobile[] = {"A ddd ddd", "A ddd ddd", "+48 A ddd ddd", "A-ddd-ddd", "+48AS", "AS"};
constexpr sv kSeLand[] = {"0A-S", "0A-S", "+46 A S", "0A S", "+46 (0)A S", "0AS"};
constexpr sv kSeMobileAreas[] = {"70", "72", "73", "76", "79"};
constexpr sv kSeMobile[] = {
    "0A-ddd dd dd", "0A-ddd dd dd", "+46 A ddd dd dd", "0A ddd dd dd", "0AS", "+46AS"};
constexpr sv kMxLand[] = {"A T", "A T", "+52 A T", "(A) T", "+52 1 A T", "AS", "+52AS"};
constexpr sv kIePhone[] = {
    "0A ddd dddd", "0A ddd dddd", "+353 A ddd dddd", "(0A) ddd dddd", "0A-S", "+353 (0)A ddd dddd",
    "0AS"};
constexpr sv kIeMobileAreas[] = {"83", "85", "86", "87", "89"};
constexpr sv kNone[] = {""};

constexpr sv kUsDomains[] = {"comcast.net", "verizon.net", "att.net", "sbcglobal.net"};
constexpr sv kGbDomains[] = {
    "btinternet.com", "yahoo.co.uk", "hotmail.co.uk", "sky.com", "virginmedia.com"};
constexpr sv kDeDomains[] = {"gmx.de", "web.de", "t-online.de", "gmx.net", "freenet.de"};
constexpr sv kFrDomains[] = {"orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr"};
constexpr sv kEsDomains[] = {"telefonica.net", "yahoo.es", "hotmail.es", "movistar.es"};
constexpr sv kItDomains[] = {"libero.it", "virgilio.it", "alice.it", "tiscali.it"};
constexpr sv kNlDomains[] = {"ziggo.nl", "kpnmail.nl", "planet.nl", "hetnet.nl"};
constexpr sv kPlDomains[] = {"wp.pl", "onet.pl", "interia.pl", "o2.pl"};
constexpr sv kSeDomains[] = {"telia.com", "spray.se", "bredband.net", "hotmail.se"};
constexpr sv kMxDomains[] = {"prodigy.net.mx", "yahoo.com.mx", "hotmail.com.mx"};
constexpr sv kIeDomains[] = {"eircom.net", "iol.ie", "yahoo.ie"};
constexpr sv kGenericDomains[] = {
    "gmail.com", "gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com",
    "hotmail.com", "hotmail.com", "outlook.com", "outlook.com", "icloud.com", "aol.com",
    "protonmail.com", "mail.com", "live.com"};

constexpr sv kUsLegal[] = {"Inc.", "LLC", "Corp.", "Co.", "Inc"};
constexpr sv kGbLegal[] = {"Ltd", "Ltd.", "PLC", "LLP", "Limited"};
constexpr sv kDeLegal[] = {"GmbH", "GmbH", "AG", "GmbH & Co. KG", "KG", "e.K."};
constexpr sv kFrLegal[] = {"SARL", "SAS", "SA", "EURL"};
constexpr sv kEsLegal[] = {"S.L.", "S.A.", "SL", "S.L.U."};
constexpr sv kItLegal[] = {"S.r.l.", "S.p.A.", "Srl", "S.a.s."};
constexpr sv kNlLegal[] = {"B.V.", "N.V.", "BV"};
constexpr sv kPlLegal[] = {"sp. z o.o.", "S.A.", "Sp. z o.o."};
constexpr sv kSeLegal[] = {"AB", "AB", "HB"};
constexpr sv kMxLegal[] = {"S.A. de C.V.", "S. de R.L. de C.V.", "SAPI de CV"};
constexpr sv kIeLegal[] = {"Ltd", "DAC", "Limited", "Teoranta"};

constexpr sv kCompanyWords[] = {
    "Acme", "Apex", "Atlas", "Summit", "Pinnacle", "Vertex", "Northwind", "Contoso", "Fabrikam",
    "Horizon", "Bright", "Evergreen", "Silverline", "Keystone", "Redwood", "Oakridge", "Sterling",
    "Bluewater", "Ironbridge", "Lakeside", "Nordlicht", "Sonnenberg", "Alpenblick", "Lumière",
    "Soleil", "Étoile", "Sol y Mar", "Aurora", "Vesta", "Orbis", "Zephyr", "Polaris", "Krone",
    "Baltic", "Vistula", "Tulip", "Delta", "Mistral", "Fjord", "Nova"};
constexpr sv kCompanyNouns[] = {
    "Logistics", "Consulting", "Software", "Systems", "Foods", "Trading", "Partners", "Solutions",
    "Analytics", "Holdings", "Media", "Engineering", "Design", "Labs", "Group", "Retail",
    "Technologies", "Services", "Energy", "Health", "Capital", "Industries", "Ventures",
    "Marketing"};

/// How apartment or unit details are written in a country's addresses.
enum AptStyle : uint8_t {
  kAptNone,
  kAptUs,       // "12 Main St, Apt 4B"
  kAptFlat,     // "Flat 3, 12 High Street"
  kAptSlash,    // "ul. Długa 5/12"
  kAptFloor,    // "Calle Mayor, 12, 3º B"
  kAptDash,     // "Keizersgracht 123-2"
  kAptLgh,      // "Storgatan 12, lgh 1102"
  kAptColonia,  // "Av. Juárez 45, Col. Centro"
  kAptLetter,   // "Hauptstraße 12a"
};

/// How dates are usually written for customers of a country.
enum DateStyle : uint8_t { kDateUs, kDateDotted, kDateNeutral };

/// Share of a naming culture among a country's customers.
struct Mix {
  uint8_t culture;
  uint32_t weight;
};

/// Everything country-specific the generator needs.
struct Country {
  sv iso;
  std::span<const sv> names;  // other ways people write the country
  uint32_t weight;
  std::array<Mix, 6> mix;  // naming cultures (weight 0 = unused)
  std::span<const City> cities;
  std::span<const sv> streets;
  bool number_first;  // "12 Main St" rather than "Hauptstraße 12"
  uint8_t comma_pct;  // share of "12, rue ..." / "Calle Mayor, 12"
  AptStyle apt;
  uint8_t apt_pct;
  sv cc;             // calling code
  uint8_t land_nsn;  // area + subscriber digits; 0 = fixed land_sub
  uint8_t land_sub;  // subscriber digits when land_nsn is 0
  std::span<const sv> land_tpl;
  std::span<const sv> mobile_areas;
  uint8_t mobile_sub;
  std::span<const sv> mobile_tpl;
  uint8_t mobile_pct;
  std::span<const sv> domains;
  sv tld;
  std::span<const sv> legal;
  DateStyle date_style;
  bool decimal_comma;
};

constexpr sv kUsNames[] = {"USA", "United States", "U.S.", "United States of America", "US "};
constexpr sv kGbNames[] = {"United Kingdom", "UK", "Great Britain", "England", "U.K."};
constexpr sv kDeNames[] = {"Germany", "Deutschland", "DEU"};
constexpr sv kFrNames[] = {"France", "FRA", "République française"};
constexpr sv kEsNames[] = {"Spain", "España", "ESP"};
constexpr sv kItNames[] = {"Italy", "Italia", "ITA"};
constexpr sv kNlNames[] = {"Netherlands", "The Netherlands", "Holland", "Nederland"};
constexpr sv kPlNames[] = {"Poland", "Polska", "POL"};
constexpr sv kSeNames[] = {"Sweden", "Sverige", "SWE"};
constexpr sv kMxNames[] = {"Mexico", "México", "MEX"};
constexpr sv kIeNames[] = {"Ireland", "Éire", "Republic of Ireland"};

/// Indices into kCountries used by country-specific rules.
enum CountryId : uint8_t { kCountryUS = 0, kCountryDE = 2, kCountryIE = 10 };

constexpr Country kCountries[] = {
    {"US", kUsNames, 30, {{{kEN, 64}, {kES, 14}, {kGL, 12}, {kVN, 4}, {kIE, 3}, {kIT, 3}}},
     kUsCities, kUsStreets, true, 0, kAptUs, 12, "1", 10, 0, kUsLand, kNone, 0, kNone, 0,
     kUsDomains, "com", kUsLegal, kDateUs, false},
    {"GB", kGbNames, 12, {{{kEN, 72}, {kGL, 14}, {kIE, 6}, {kPL, 5}, {kFR, 3}, {kEN, 0}}},
     kGbCities, kGbStreets, true, 0, kAptFlat, 8, "44", 10, 0, kGbLand, kGbMobileAreas, 6,
     kGbMobile, 40, kGbDomains, "co.uk", kGbLegal, kDateNeutral, false},
    {"DE", kDeNames, 12, {{{kDE, 84}, {kPL, 5}, {kGL, 5}, {kIT, 3}, {kSE, 3}, {kDE, 0}}}, kDeCities,
     kDeStreets, false, 0, kAptLetter, 8, "49", 10, 0, kDeLand, kDeMobileAreas, 8, kDeMobile, 45,
     kDeDomains, "de", kDeLegal, kDateDotted, true},
    {"FR", kFrNames, 9, {{{kFR, 82}, {kES, 5}, {kVN, 5}, {kGL, 5}, {kIT, 3}, {kFR, 0}}}, kFrCities,
     kFrStreets, true, 20, kAptNone, 0, "33", 9, 0, kFrLand, kFrMobileAreas, 8, kFrLand, 50,
     kFrDomains, "fr", kFrLegal, kDateNeutral, true},
    {"ES", kEsNames, 7, {{{kES, 90}, {kGL, 4}, {kFR, 3}, {kEN, 3}, {kES, 0}, {kES, 0}}}, kEsCities,
     kEsStreets, false, 90, kAptFloor, 30, "34", 9, 0, kEsPhone, kEsMobileAreas, 6, kEsPhone, 55,
     kEsDomains, "es", kEsLegal, kDateNeutral, true},
    {"IT", kItNames, 6, {{{kIT, 90}, {kGL, 4}, {kES, 3}, {kFR, 3}, {kIT, 0}, {kIT, 0}}}, kItCities,
     kItStreets, false, 35, kAptNone, 0, "39", 10, 0, kItLand, kItMobileAreas, 7, kItMobile, 55,
     kItDomains, "it", kItLegal, kDateNeutral, true},
    {"NL", kNlNames, 5, {{{kNL, 85}, {kGL, 7}, {kDE, 5}, {kEN, 3}, {kNL, 0}, {kNL, 0}}}, kNlCities,
     kNlStreets, false, 0, kAptDash, 10, "31", 9, 0, kNlLand, kNlMobileAreas, 8, kNlMobile, 55,
     kNlDomains, "nl", kNlLegal, kDateDotted, true},
    {"PL", kPlNames, 5, {{{kPL, 94}, {kDE, 3}, {kEN, 3}, {kPL, 0}, {kPL, 0}, {kPL, 0}}}, kPlCities,
     kPlStreets, false, 0, kAptSlash, 40, "48", 9, 0, kPlLand, kPlMobileAreas, 6, kPlMobile, 60,
     kPlDomains, "pl", kPlLegal, kDateDotted, true},
    {"SE", kSeNames, 4, {{{kSE, 86}, {kGL, 6}, {kDE, 4}, {kEN, 4}, {kSE, 0}, {kSE, 0}}}, kSeCities,
     kSeStreets, false, 0, kAptLgh, 15, "46", 9, 0, kSeLand, kSeMobileAreas, 7, kSeMobile, 60,
     kSeDomains, "se", kSeLegal, kDateDotted, true},
    {"MX", kMxNames, 5, {{{kES, 94}, {kEN, 3}, {kGL, 3}, {kES, 0}, {kES, 0}, {kES, 0}}}, kMxCities,
     kMxStreets, false, 0, kAptColonia, 35, "52", 10, 0, kMxLand, kNone, 0, kNone, 0, kMxDomains,
     "com.mx", kMxLegal, kDateNeutral, false},
    {"IE", kIeNames, 3, {{{kIE, 70}, {kEN, 22}, {kPL, 5}, {kGL, 3}, {kIE, 0}, {kIE, 0}}}, kIeCities,
     kIeStreets, true, 0, kAptFlat, 10, "353", 0, 7, kIePhone, kIeMobileAreas, 7, kIePhone, 50,
     kIeDomains, "ie", kIeLegal, kDateNeutral, false}};

static_assert(kCountries[kCountryUS].iso == "US" && kCountries[kCountryDE].iso == "DE" &&
              kCountries[kCountryIE].iso == "IE");


constexpr sv kMissing[] = {"", "", "", "", "", "N/A", "null", "-", "NULL", "n/a", " "};
constexpr sv kMonths[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr sv kBadSpend[] = {"abc", "#VALUE!", "TBD", "1O0.00", "twelve", "?"};
constexpr char kPostalLetters[] = "ABDEFGHJLNPQRSTUWXYZ";
constexpr char kEircodeChars[] = "ACDEFHKNPRTVWXY0123456789";


constexpr int32_t kLastSignup = 20634;  // 2026-06-30
constexpr int32_t kLastUpdate = 20757;  // 2026-10-31

// clang-format on

// ---------------------------------------------------------------------------------------------
// Text helpers (UTF-8, integers only)
// ---------------------------------------------------------------------------------------------

/// Appends v in decimal, zero-padded to at least `width` digits.
void append_uint(std::string& out, uint64_t v, uint32_t width = 0) {
  char buf[24];
  uint32_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width) buf[n++] = '0';
  while (n > 0) out += buf[--n];
}

/// Appends an amount of cents as "1234.50" (or "1,234.50" / "1234,50").
void append_money(std::string& out, uint64_t cents, bool thousands, bool decimal_comma) {
  const uint64_t units = cents / 100;
  if (thousands && units >= 1000) {
    append_uint(out, units / 1000);
    out += ',';
    append_uint(out, units % 1000, 3);
  } else {
    append_uint(out, units);
  }
  out += decimal_comma ? ',' : '.';
  append_uint(out, cents % 100, 2);
}

/// Decodes the UTF-8 sequence at s[i]; returns its byte length and stores the code point.
uint32_t decode_utf8(sv s, size_t i, uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  uint32_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + len > s.size()) len = 1;
  if (len == 1) {
    cp = b;
  } else if (len == 2) {
    cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
  } else if (len == 3) {
    cp = ((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
         (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
  } else {
    cp = ((b & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
         ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
         (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
  }
  return len;
}

/// True if cp is in a Latin range where upper/lower case alternate (upper on even if even_upper).
bool alternating(uint32_t cp, bool& even_upper) {
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177) ||
      (cp >= 0x1EA0 && cp <= 0x1EF9)) {
    even_upper = true;
    return true;
  }
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    even_upper = false;
    return true;
  }
  return false;
}

/// Upper-case form of a code point (ASCII, Latin-1, Latin Extended-A, Vietnamese).
uint32_t upper_cp(uint32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 32;
  if (cp < 0x80) return cp;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if (cp == 0x131) return 'I';
  if (cp == 0x1A1 || cp == 0x1B0) return cp - 1;
  bool even_upper = false;
  if (alternating(cp, even_upper) && ((cp & 1) != 0) == even_upper) return cp - 1;
  return cp;
}

/// Lower-case form of a code point (ASCII, Latin-1, Latin Extended-A, Vietnamese).
uint32_t lower_cp(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0x80) return cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x178) return 0xFF;
  if (cp == 0x130) return 'i';
  if (cp == 0x1A0 || cp == 0x1AF) return cp + 1;
  bool even_upper = false;
  if (alternating(cp, even_upper) && ((cp & 1) == 0) == even_upper) return cp + 1;
  return cp;
}

enum CaseMode : uint8_t { kUpper, kLower, kTitle };

/// Rewrites s (UTF-8) in upper, lower or title case, using tmp as scratch.
void change_case(std::string& s, CaseMode mode, std::string& tmp) {
  tmp.clear();
  bool word_start = true;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const uint32_t len = decode_utf8(s, i, cp);
    i += len;
    uint32_t out = cp;
    if (mode == kUpper) {
      out = upper_cp(cp);
    } else if (mode == kLower) {
      out = lower_cp(cp);
    } else {
      out = word_start ? upper_cp(cp) : lower_cp(cp);
    }
    word_start = cp == ' ' || cp == '-' || cp == '\'';
    enc::append_utf8(out, tmp);
  }
  s.swap(tmp);
}

constexpr sv kLatin1Fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "x", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
constexpr sv kLatinAFold =
    "aaaaaaccccccccdd"
    "ddeeeeeeeeeegggg"
    "gggghhhhiiiiiiii"
    "iiiijjkkklllllll"
    "lllnnnnnnnnnoooo"
    "oooorrrrrrssssss"
    "ssttttttuuuuuuuu"
    "uuuuwwyyyzzzzzzs";

/// ASCII transliteration of a non-ASCII code point ("" if unknown).
sv fold_cp(uint32_t cp, bool umlaut_e) {
  if (umlaut_e) {
    if (cp == 0xC4 || cp == 0xE4) return "ae";
    if (cp == 0xD6 || cp == 0xF6) return "oe";
    if (cp == 0xDC || cp == 0xFC) return "ue";
  }
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1Fold[cp - 0xC0];
  if (cp == 0xAA) return "a";
  if (cp == 0xBA) return "o";
  if (cp == 0x132 || cp == 0x133) return "ij";
  if (cp == 0x152 || cp == 0x153) return "oe";
  if (cp >= 0x100 && cp <= 0x17F) return kLatinAFold.substr(cp - 0x100, 1);
  if (cp == 0x1A0 || cp == 0x1A1) return "o";
  if (cp == 0x1AF || cp == 0x1B0) return "u";
  if (cp >= 0x1EA0 && cp <= 0x1EB7) return "a";
  if (cp >= 0x1EB8 && cp <= 0x1EC7) return "e";
  if (cp >= 0x1EC8 && cp <= 0x1ECB) return "i";
  if (cp >= 0x1ECC && cp <= 0x1EE3) return "o";
  if (cp >= 0x1EE4 && cp <= 0x1EF1) return "u";
  if (cp >= 0x1EF2 && cp <= 0x1EF9) return "y";
  return "";
}

/// Appends the lower-case ASCII email form of name s: accents folded, spaces/apostrophes/dots
/// dropped, hyphens kept.
void append_folded(std::string& out, sv s, bool umlaut_e) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    i += decode_utf8(s, i, cp);
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        out += static_cast<char>(c + 32);
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        out += c;
      }
    } else {
      out += fold_cp(cp, umlaut_e);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entities and rows
// ---------------------------------------------------------------------------------------------

/// Fills a fixed buffer from a postal pattern (see City).
uint8_t render_postal(sv pattern, Rng& r, char* out, uint32_t cap) {
  uint32_t n = 0;
  for (char c : pattern) {
    if (n + 1 >= cap) break;
    switch (c) {
      case '#':
        out[n++] = static_cast<char>('0' + r.below(10));
        break;
      case '%':
        out[n++] = static_cast<char>('1' + r.below(9));
        break;
      case '@':
        out[n++] = kPostalLetters[r.below(sizeof(kPostalLetters) - 1)];
        break;
      case '*':
        out[n++] = kEircodeChars[r.below(sizeof(kEircodeChars) - 1)];
        break;
      default:
        out[n++] = c;
    }
  }
  return static_cast<uint8_t>(n);
}

/// Regenerates entity `index` deterministically from the seed.
Entity make_entity(uint64_t seed, uint64_t index) {
  Rng r(seed ^ (0xA0761D6478BD642Full * (index + 1)));
  Entity e;
  e.index = index;
  e.country = static_cast<uint8_t>(pick_weighted(std::span<const Country>(kCountries), r));
  const Country& c = kCountries[e.country];
  std::span<const Mix> mix(c.mix);
  e.cf = mix[pick_weighted(mix, r)].culture;
  e.cl = r.pct(88) ? e.cf : mix[pick_weighted(mix, r)].culture;
  e.first = static_cast<uint16_t>(r.below(static_cast<uint32_t>(kCultures[e.cf].first.size())));
  e.last = static_cast<uint16_t>(r.below(static_cast<uint32_t>(kCultures[e.cl].last.size())));
  e.city = static_cast<uint16_t>(pick_weighted(c.cities, r));
  const City& city = c.cities[e.city];

  e.street = static_cast<uint8_t>(r.below(static_cast<uint32_t>(c.streets.size())));
  const uint32_t hk = r.below(100);
  if (c.apt == kAptUs) {
    const uint32_t range = hk < 60 ? 2500 : hk < 90 ? 300 : 9999;
    e.house = static_cast<uint16_t>(1 + r.below(range));
  } else {
    e.house = static_cast<uint16_t>(hk < 85 ? 1 + r.below(120) : 1 + r.below(400));
  }
  e.comma = r.pct(c.comma_pct);
  e.has_apt = c.apt != kAptNone && r.pct(c.apt_pct);
  // One RNG call per statement: the evaluation order of `a() + b()` differs between compilers.
  const uint32_t floor = r.below(8);
  const uint32_t unit = r.below(c.apt == kAptLgh ? 12 : 40);
  e.apt = static_cast<uint16_t>(c.apt == kAptLgh ? 1001 + floor * 100 + unit : 1 + unit);
  e.apt_sub = static_cast<uint8_t>(r.below(8));
  e.house_letter = (c.apt == kAptLetter && e.has_apt) ? static_cast<char>('a' + r.below(4)) : 0;
  e.postal_len = render_postal(pick_alt(city.postal, r), r, e.postal, sizeof(e.postal));

  const bool has_mobiles = !c.mobile_areas.empty() && !c.mobile_areas[0].empty();
  e.mobile = has_mobiles && (city.area.empty() || r.pct(c.mobile_pct));
  const sv area = e.mobile ? pick(c.mobile_areas, r) : pick_alt(city.area, r);
  e.area_len = static_cast<uint8_t>(area.size());
  std::memcpy(e.area, area.data(), area.size());
  e.sub_len = e.mobile          ? c.mobile_sub
              : c.land_nsn != 0 ? static_cast<uint8_t>(c.land_nsn - e.area_len)
                                : c.land_sub;
  for (uint32_t i = 0; i < e.sub_len; ++i) {
    e.sub[i] = static_cast<char>(i == 0 ? '2' + r.below(8) : '0' + r.below(10));
  }

  e.email_pattern = kEmailPatterns[r.below(sizeof(kEmailPatterns))];
  e.email_num = static_cast<uint16_t>(r.pct(50) ? (60 + r.below(46)) % 100 : 1 + r.below(999));
  const uint32_t dk = r.below(100);
  e.domain_kind = dk < 62 ? 0 : dk < 90 ? 1 : 2;
  e.domain = static_cast<uint8_t>(r.below(256));
  e.umlaut_e = r.pct(60) && e.country == kCountryDE;  // German habit: "mueller"

  e.has_company = r.pct(35);
  const uint32_t cs = r.below(100);
  e.company_style = cs < 50 ? 0 : cs < 65 ? 1 : cs < 77 ? 2 : cs < 81 ? 3 : cs < 96 ? 4 : 5;
  e.company_word = static_cast<uint8_t>(r.below(static_cast<uint32_t>(std::size(kCompanyWords))));
  e.company_noun = static_cast<uint8_t>(r.below(static_cast<uint32_t>(std::size(kCompanyNouns))));
  e.company_legal = static_cast<uint8_t>(r.below(static_cast<uint32_t>(c.legal.size())));
  e.company_last2 =
      static_cast<uint16_t>(r.below(static_cast<uint32_t>(kCultures[e.cl].last.size())));

  draw_dates(r, kFirstDay, e.signup, e.updated);
  draw_orders(r, e.orders, e.spend);
  return e;
}

/// Streams rows for one generate_customers call.
class Generator {
 public:
  /// Prepares buffers and rates from the options.
  Generator(const GenerateOptions& o, const ByteSink& csv, const ByteSink& truth,
            const ProgressFn& progress, CancelFlag cancel)
      : opt_(o),
        csv_(csv),
        truth_(truth),
        progress_(progress),
        cancel_(cancel),
        rng_(o.seed ^ 0x6A09E667F3BCC909ull) {
    const double d = o.dup_rate;
    dup_ppm_ = !(d > 0) ? 0 : d >= 1 ? 1000000 : static_cast<uint32_t>(d * 1000000.0 + 0.5);
    out_.reserve(kFlushBytes + 8192);
    if (truth_) truth_out_.reserve(kFlushBytes + 1024);
  }

  /// Number of customer_id values issued so far.
  uint64_t ids() const { return id_counter_; }

  /// Generates all rows, flushing to the sinks as it goes.
  void run() {
    check_cancel(cancel_);
    out_ +=
        "customer_id,first_name,last_name,email,phone,company,street,city,postal_code,country,"
        "signup_date,last_updated,total_spend,order_count\n";
    if (truth_) truth_out_ += "row,entity_id\n";
    const uint64_t total = opt_.rows;
    const uint64_t step = total / 100 == 0 ? 1 : total / 100;
    uint64_t next_report = step;
    for (uint64_t row = 0; row < total; ++row) {
      emit_row();
      if (truth_) {
        append_uint(truth_out_, row);
        truth_out_ += ',';
        append_uint(truth_out_, row_entity_);
        truth_out_ += '\n';
        if (truth_out_.size() >= kFlushBytes) flush_truth();
      }
      if (out_.size() >= kFlushBytes) flush_csv();
      if (row + 1 == next_report) {
        check_cancel(cancel_);
        report(row + 1);
        next_report += step;
      }
    }
    flush_csv();
    flush_truth();
    if (total % step != 0 || total == 0) report(total);
  }

 private:
  static constexpr size_t kFlushBytes = size_t{1} << 20;
  static constexpr uint32_t kRing = 8192;  // recent entities that can get duplicates
  static constexpr uint32_t kMulti = 512;  // recent entities that already have one
  static constexpr uint32_t kExact = 16;   // recent rows for exact copies
  static constexpr uint32_t kMaxDups = 3;

  /// Sends the buffered CSV bytes to the sink.
  void flush_csv() {
    if (!out_.empty()) csv_(out_);
    out_.clear();
  }
  /// Sends the buffered truth bytes to the sink.
  void flush_truth() {
    if (truth_ && !truth_out_.empty()) truth_(truth_out_);
    truth_out_.clear();
  }
  /// Reports progress after `done` rows.
  void report(uint64_t done) {
    if (progress_) progress_(Progress{"generate", done, opt_.rows, done});
  }

  /// Decides what the next row is and appends it to the output buffer.
  void emit_row() {
    if (rng_.ppm(dup_ppm_)) {
      if (exact_count_ > 0 && rng_.pct(2)) {
        const auto n = static_cast<uint32_t>(exact_count_ < kExact ? exact_count_ : kExact);
        const uint32_t k = rng_.below(n);
        out_ += exact_rows_[k];
        row_entity_ = exact_entity_[k];
        return;
      }
      if (exact_count_ > 0 && rng_.pct(3)) {
        // The same record entered again: identical but for a fresh customer_id.
        const auto n = static_cast<uint32_t>(exact_count_ < kExact ? exact_count_ : kExact);
        const uint32_t k = rng_.below(n);
        const std::string& row = exact_rows_[k];
        const size_t comma = row.find(',');
        out_ += 'C';
        append_uint(out_, ++id_counter_, 7);
        out_.append(row, comma, std::string::npos);
        row_entity_ = exact_entity_[k];
        return;
      }
      uint64_t target = 0;
      if (pick_duplicate(target)) {
        Entity e = make_entity(opt_.seed, target);
        render(e, true);
        return;
      }
    }
    const uint64_t index = next_entity_++;
    ring_[index % kRing] = index;
    ring_count_[index % kRing] = 0;
    Entity e = make_entity(opt_.seed, index);
    render(e, false);
  }

  /// Chooses an earlier entity to duplicate; false if none is available.
  bool pick_duplicate(uint64_t& target) {
    if (next_entity_ == 0) return false;
    const uint32_t how = rng_.below(100);
    if (how < 35 && multi_count_ > 0) {
      const auto n = static_cast<uint32_t>(multi_count_ < kMulti ? multi_count_ : kMulti);
      const uint64_t e = multi_[rng_.below(n)];
      if (ring_[e % kRing] == e && e + kRing >= next_entity_ && ring_count_[e % kRing] < kMaxDups) {
        ++ring_count_[e % kRing];
        target = e;
        return true;
      }
    }
    const uint64_t window = next_entity_ < kRing ? next_entity_ : kRing;
    for (int attempt = 0; attempt < 4; ++attempt) {
      // 20%: any earlier entity (can be far back); otherwise one from the recent window.
      const uint64_t e = how >= 35 && how < 55 ? rng_.below64(next_entity_)
                                               : next_entity_ - 1 - rng_.below64(window);
      if (e + kRing < next_entity_) {  // out of the window: duplicate counts are not tracked
        target = e;
        return true;
      }
      uint8_t& count = ring_count_[e % kRing];
      if (count >= kMaxDups) continue;
      if (count++ == 0) multi_[multi_count_++ % kMulti] = e;
      target = e;
      return true;
    }
    return false;
  }

  /// Renders one row of entity e (a near-duplicate if dup) into the output buffer.
  void render(Entity& e, bool dup) {
    Rng& r = rng_;
    const Country& c = kCountries[e.country];
    DupEdits ed;
    if (dup) ed = draw_dup_edits(r, e, static_cast<uint32_t>(c.streets.size()));
    line_.clear();
    const uint64_t id = ++id_counter_;
    line_ += 'C';
    append_uint(line_, id, 7);
    line_ += ',';

    // first_name
    const First& fn = kCultures[e.cf].first[e.first];
    if (ed.nickname) {
      f_ = dup_first_name(fn.name, fn.alt, r);
    } else {
      f_.assign(fn.name);
    }
    if (ed.typo_first) add_typo(f_, r);
    if (ed.title_case) change_case(f_, kTitle, tmp_);
    name_noise(12000);
    given_.swap(f_);
    // last_name
    const sv ln = kCultures[e.cl].last[e.last];
    f_.assign(ln);
    if (ed.typo_last) add_typo(f_, r);
    if (ed.title_case) change_case(f_, kTitle, tmp_);
    name_noise(8000);
    if (ed.swap_names) given_.swap(f_);  // entered the wrong way round
    write_csv_field(line_, given_);
    line_ += ',';
    put();
    // email
    f_.clear();
    if (!ed.drop_email) {
      render_email(e, c);
      email_noise(ed.email_case);
    }
    put();
    // phone
    f_.clear();
    if (!ed.drop_phone) render_phone(e, c, ed.phone_style);
    put();
    // company
    f_.clear();
    if (e.has_company && !ed.drop_company) {
      render_company(e, c);
      if (ed.company_swap || r.ppm(30000)) swap_company_spelling(f_);
      if (r.ppm(20000)) {
        missing();
      } else {
        if (r.ppm(15000)) change_case(f_, kUpper, tmp_);
        whitespace(10000);
      }
    } else if (r.ppm(15000)) {
      missing();
    }
    put();
    // street
    f_.clear();
    if (!ed.drop_street) {
      render_street(e, c);
      if (ed.street_swap || r.ppm(50000)) swap_street_spelling(f_);
      if (ed.typo_street) add_typo(f_, r);
      if (r.ppm(20000)) {
        missing();
      } else {
        if (r.ppm(10000)) change_case(f_, kUpper, tmp_);
        whitespace(10000);
      }
    }
    put();
    // city
    const City& city = c.cities[e.city];
    if (!city.alt.empty() && (ed.city_alt || r.ppm(60000))) {
      f_.assign(pick_alt(city.alt, r));
    } else {
      f_.assign(city.name);
    }
    if (r.ppm(12000)) {
      missing();
    } else {
      const uint32_t k = r.below(1000);
      if (k < 15) {
        change_case(f_, kLower, tmp_);
      } else if (k < 25) {
        change_case(f_, kUpper, tmp_);
      }
      whitespace(10000);
    }
    put();
    // postal_code
    render_postal_field(e, ed.drop_postal);
    put();
    // country
    render_country(c);
    put();
    // signup_date, last_updated
    render_date(e.signup, c, false, ed.date_layout);
    put();
    render_date(e.updated, c, true, ed.date_layout);
    put();
    // total_spend
    render_spend(e, c);
    put();
    // order_count
    f_.clear();
    const uint32_t k = r.below(1000000);
    if (k < 15000) {
      missing();
    } else if (k < 17000) {
      f_ = "-1";
    } else if (k < 20000) {
      append_uint(f_, e.orders);
      f_ += ".0";
    } else {
      append_uint(f_, e.orders);
    }
    write_csv_field(line_, f_);
    line_ += '\n';

    out_ += line_;
    const uint32_t slot = exact_count_++ % kExact;
    exact_rows_[slot].assign(line_);
    exact_entity_[slot] = e.index;
    row_entity_ = e.index;
  }

  /// Appends the scratch field to the line, followed by a comma.
  void put() {
    write_csv_field(line_, f_);
    line_ += ',';
  }

  /// Replaces the scratch field with a missing-value token.
  void missing() { f_.assign(kMissing[rng_.below(static_cast<uint32_t>(std::size(kMissing)))]); }

  /// With probability p (ppm), adds leading and/or trailing spaces to the scratch field.
  void whitespace(uint32_t p) {
    if (!rng_.ppm(p)) return;
    const uint32_t k = rng_.below(4);
    if (k != 1) f_.append(k == 3 ? "  " : " ");
    if (k != 0) f_.insert(0, 1, ' ');
  }

  /// Missing, case and whitespace noise for a name already in the scratch field.
  void name_noise(uint32_t missing_ppm) {
    const uint32_t k = rng_.below(1000000);
    if (k < missing_ppm) {
      missing();
      return;
    }
    if (k < missing_ppm + 15000) {
      change_case(f_, kUpper, tmp_);
    } else if (k < missing_ppm + 27000) {
      change_case(f_, kLower, tmp_);
    }
    whitespace(15000);
  }

  /// Builds the entity's email address into the scratch field.
  void render_email(const Entity& e, const Country& c) {
    const First& fn = kCultures[e.cf].first[e.first];
    const sv ln = kCultures[e.cl].last[e.last];
    first_.clear();
    append_folded(first_, fn.name, e.umlaut_e);
    const sv first = first_;
    tmp_.clear();
    append_folded(tmp_, ln, e.umlaut_e);
    const sv last = tmp_;
    const sv fi = first.empty() ? sv("x") : first.substr(0, 1);
    const sv li = last.empty() ? sv("x") : last.substr(0, 1);
    switch (e.email_pattern) {
      case 0:
        f_.append(first).append(".").append(last);
        break;
      case 1:
        f_.append(first).append(last);
        break;
      case 2:
        f_.append(fi).append(".").append(last);
        break;
      case 3:
        f_.append(first).append("_").append(last);
        break;
      case 4:
        f_.append(first);
        append_uint(f_, e.email_num, 2);
        break;
      case 5:
        f_.append(last).append(".").append(first);
        break;
      case 6:
        f_.append(first).append(".").append(last);
        append_uint(f_, e.email_num, 2);
        break;
      case 7:
        f_.append(fi).append(last);
        break;
      case 8:
        f_.append(last).append(fi);
        break;
      default:
        f_.append(first).append(".").append(li);
        break;
    }
    if (f_.empty() || f_[0] == '.' || f_[0] == '_') f_.insert(0, "user");
    f_ += '@';
    if (e.domain_kind == 2 && e.has_company) {
      const sv base = e.company_style == 2 || e.company_style == 3 ? kCultures[e.cl].last[e.last]
                                                                   : kCompanyWords[e.company_word];
      const size_t at = f_.size();
      append_folded(f_, base, false);
      if (f_.size() == at) f_ += "company";
      f_ += '.';
      f_.append(c.tld);
    } else if (e.domain_kind == 1) {
      f_.append(c.domains[e.domain % c.domains.size()]);
    } else {
      f_.append(kGenericDomains[e.domain % std::size(kGenericDomains)]);
    }
  }

  /// Missing, invalid, case and whitespace noise for an email in the scratch field.
  void email_noise(bool dup_case) {
    Rng& r = rng_;
    const uint32_t k = r.below(1000000);
    if (k < 25000) {
      missing();
      return;
    }
    if (k < 40000) {  // invalid
      const size_t at = f_.find('@');
      switch (r.below(5)) {
        case 0:
          f_.erase(at, 1);
          break;
        case 1:
          f_.insert(at, 1, '@');
          break;
        case 2:
          f_.erase(f_.rfind('.'));
          break;
        case 3:
          f_.insert(at > 1 ? at / 2 : 0, 1, ' ');
          break;
        default:
          f_.insert(f_.rfind('.'), 1, '.');
          break;
      }
    }
    const uint32_t cs = r.below(1000);
    if (dup_case || cs < 22) {
      if (cs % 3 == 0) {
        change_case(f_, kUpper, tmp_);
      } else {
        bool start = true;  // John.Smith@Gmail.com
        for (char& ch : f_) {
          if (start && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
          start = ch == '.' || ch == '_' || ch == '@';
        }
      }
    }
    whitespace(12000);
  }

  /// Builds the entity's phone number in a randomly chosen local format, with noise.
  /// `style` 1 writes it internationally (+CC area number), 2 with dots between the national
  /// groups (020.7946.0958); 0 in one of the country's usual layouts.
  void render_phone(const Entity& e, const Country& c, uint8_t style = 0) {
    Rng& r = rng_;
    if (r.ppm(35000)) {
      missing();
      return;
    }
    const std::span<const sv> tpls = e.mobile ? c.mobile_tpl : c.land_tpl;
    const sv tpl = r.pct(50) ? tpls[0] : pick(tpls, r);
    uint32_t si = 0, ni = 0;
    for (char ch : tpl) {
      switch (ch) {
        case 'A':
          f_.append(e.area, e.area_len);
          break;
        case 'S':
          f_.append(e.sub, e.sub_len);
          break;
        case 'T':
          for (uint32_t i = 0; i < e.sub_len; ++i) {
            if (i + 4 == e.sub_len && i > 0) f_ += ' ';
            f_ += e.sub[i];
          }
          break;
        case 'd':
          if (si < e.sub_len) f_ += e.sub[si++];
          break;
        case 'n':
          if (ni < e.area_len) {
            f_ += e.area[ni];
          } else if (ni - e.area_len < e.sub_len) {
            f_ += e.sub[ni - e.area_len];
          }
          ++ni;
          break;
        default:
          f_ += ch;
          break;
      }
    }
    if (style == 1) {
      f_.clear();
      f_ += '+';
      f_.append(c.cc);
      f_ += ' ';
      f_.append(e.area, e.area_len);
      f_ += ' ';
      f_.append(e.sub, e.sub_len);
    } else if (style == 2 && !f_.empty() && f_[0] != '+') {
      tmp_.clear();
      for (char ch : f_) {
        if (ch == '(' || ch == ')') continue;
        tmp_ += ch == ' ' || ch == '-' || ch == '/' ? '.' : ch;
      }
      f_.swap(tmp_);
    }
    if (r.ppm(12000)) {  // too few digits
      f_.resize(f_.size() / 2);
      if (f_.empty()) f_ = "12345";
    }
    whitespace(5000);
  }

  /// Builds the company name into the scratch field.
  void render_company(const Entity& e, const Country& c) {
    const sv word = kCompanyWords[e.company_word];
    const sv noun = kCompanyNouns[e.company_noun];
    const sv legal = c.legal[e.company_legal];
    const sv last = kCultures[e.cl].last[e.last];
    const sv last2 = kCultures[e.cl].last[e.company_last2];
    switch (e.company_style) {
      case 0:
        f_.append(word).append(" ").append(noun).append(" ").append(legal);
        break;
      case 1:
        f_.append(word).append(" ").append(legal);
        break;
      case 2:
        f_.append(last).append(" & ").append(last2).append(" ").append(legal);
        break;
      case 3:
        f_.append(last).append(", ").append(last2).append(" & Partners");
        break;
      case 4:
        f_.append(word).append(" ").append(noun);
        break;
      default:
        f_.append("\"").append(word).append("\" ").append(noun).append(" ").append(legal);
    }
  }

  /// Builds the street address (with apartment details) into the scratch field.
  void render_street(const Entity& e, const Country& c) {
    Rng& r = rng_;
    const sv name = c.streets[e.street];
    const bool apt = e.has_apt;
    if (apt && c.apt == kAptFlat) {
      f_.append(e.country == kCountryIE ? "Apt " : "Flat ");
      append_uint(f_, e.apt);
      f_.append(", ");
    }
    if (c.number_first) {
      append_uint(f_, e.house);
      f_.append(e.comma ? ", " : " ").append(name);
    } else {
      f_.append(name).append(e.comma ? ", " : " ");
      append_uint(f_, e.house);
    }
    if (e.house_letter != 0) f_ += e.house_letter;
    if (!apt) return;
    switch (c.apt) {
      case kAptUs: {
        const uint32_t k = r.below(1000);
        f_.append(k < 20 ? "\n" : k < 700 ? ", " : " ");
        const uint32_t kind = e.apt_sub % 4;
        f_.append(kind == 0 ? "Suite " : kind == 1 ? "#" : "Apt ");
        append_uint(f_, kind == 0 ? e.apt * 10u : e.apt);
        if (kind >= 2) f_ += static_cast<char>('A' + e.apt_sub % 4);
        break;
      }
      case kAptSlash:
        f_ += '/';
        append_uint(f_, e.apt);
        break;
      case kAptFloor:
        f_.append(", ");
        append_uint(f_, 1 + e.apt % 9);
        f_.append("º ");
        f_ += static_cast<char>('A' + e.apt_sub % 4);
        break;
      case kAptDash:
        f_ += '-';
        append_uint(f_, 1 + e.apt % 4);
        break;
      case kAptLgh:
        f_.append(", lgh ");
        append_uint(f_, e.apt);
        break;
      case kAptColonia:
        f_.append(", ").append(kMxColonias[e.apt_sub % std::size(kMxColonias)]);
        break;
      default:
        break;
    }
  }

  /// Builds the postal code with country-typical noise (ZIP+4, lost leading zero, ...).
  void render_postal_field(const Entity& e, bool drop) {
    Rng& r = rng_;
    f_.assign(e.postal, e.postal_len);
    if (drop || r.ppm(20000)) {
      missing();
      return;
    }
    const uint32_t k = r.below(1000);
    const bool numeric = !f_.empty() && f_[0] >= '0' && f_[0] <= '9' &&
                         f_.find_first_not_of("0123456789") == std::string::npos;
    if (e.country == kCountryUS && k < 40) {
      f_ += '-';
      append_uint(f_, r.below(10000), 4);
    } else if (numeric && f_[0] == '0' && k < 80) {
      f_.erase(0, 1);  // spreadsheet dropped the leading zero
    } else if (!numeric && k < 30) {
      change_case(f_, kLower, tmp_);
    } else if (!numeric && k < 70) {
      const size_t sp = f_.find(' ');
      if (sp != std::string::npos) f_.erase(sp, 1);
    }
    whitespace(5000);
  }

  /// Writes the country as ISO code, lowercase code or a written name.
  void render_country(const Country& c) {
    Rng& r = rng_;
    const uint32_t k = r.below(1000);
    if (k < 10) {
      missing();
      return;
    }
    if (k < 50) {
      f_.assign(c.iso);
      change_case(f_, kLower, tmp_);
    } else if (k < 130) {
      f_.assign(pick(c.names, r));
    } else {
      f_.assign(c.iso);
    }
    whitespace(5000);
  }

  /// Writes a date (day number) in a format typical for the country, with noise.
  /// `layout` 1 or 2 forces a layout other than ISO on a near-duplicate: the country's
  /// second most common one (MM/DD/YYYY in the US, DD.MM.YYYY elsewhere) or "Mar 5, 2021".
  void render_date(int32_t day, const Country& c, bool with_time, uint8_t layout = 0) {
    Rng& r = rng_;
    f_.clear();
    const uint32_t k = r.below(1000000);
    if (k < 10000) {
      missing();
      return;
    }
    int64_t y = 0;
    uint32_t m = 0, d = 0;
    civil_from_days(day, y, m, d);
    if (k < 14000) {  // impossible date
      const uint32_t bad = r.below(4);
      m = bad == 0 ? 2 : bad == 1 ? 4 : bad == 2 ? 13 : 6;
      d = bad == 0 ? 30 + r.below(2) : bad == 2 ? d : 31;
      append_uint(f_, static_cast<uint64_t>(y), 4);
      f_ += '-';
      append_uint(f_, m, 2);
      f_ += '-';
      append_uint(f_, d, 2);
      return;
    }
    const uint32_t p = r.below(100);
    uint32_t fmt = 0;  // 0 ISO, 1 MM/DD/YYYY, 2 DD.MM.YYYY, 3 "Mar 5, 2021"
    if (c.date_style == kDateUs) {
      fmt = p < 72 ? 0 : p < 90 ? 1 : 3;
    } else if (c.date_style == kDateDotted) {
      fmt = p < 80 ? 0 : p < 94 ? 2 : p < 97 ? 3 : 1;
    } else {
      fmt = p < 85 ? 0 : p < 90 ? 2 : p < 95 ? 1 : 3;
    }
    if (layout == 1) fmt = c.date_style == kDateUs ? 1 : 2;
    if (layout == 2) fmt = 3;
    const auto year = static_cast<uint64_t>(y);
    if (fmt == 0) {
      append_uint(f_, year, 4);
      f_ += '-';
      append_uint(f_, m, 2);
      f_ += '-';
      append_uint(f_, d, 2);
      if (with_time) {
        const uint32_t t = r.below(100);
        if (t < 25) {
          const uint32_t secs = r.below(86400);
          f_ += t < 20 ? ' ' : 'T';
          append_uint(f_, secs / 3600, 2);
          f_ += ':';
          append_uint(f_, secs / 60 % 60, 2);
          f_ += ':';
          append_uint(f_, secs % 60, 2);
          if (t >= 20) f_ += 'Z';
        }
      }
    } else if (fmt == 1) {
      append_uint(f_, m, 2);
      f_ += '/';
      append_uint(f_, d, 2);
      f_ += '/';
      append_uint(f_, year, 4);
    } else if (fmt == 2) {
      append_uint(f_, d, 2);
      f_ += '.';
      append_uint(f_, m, 2);
      f_ += '.';
      append_uint(f_, year, 4);
    } else {
      f_.append(kMonths[m - 1]);
      f_ += ' ';
      append_uint(f_, d);
      f_.append(", ");
      append_uint(f_, year, 4);
    }
    whitespace(3000);
  }

  /// Writes total_spend from integer cents, with format variants and invalid values.
  void render_spend(const Entity& e, const Country& c) {
    Rng& r = rng_;
    f_.clear();
    const uint32_t k = r.below(1000000);
    if (k < 20000) {
      missing();
    } else if (k < 24000) {
      f_ += '-';
      append_money(f_, e.spend == 0 ? 4500 : e.spend, false, false);
    } else if (k < 28000) {
      f_.assign(kBadSpend[r.below(static_cast<uint32_t>(std::size(kBadSpend)))]);
    } else if (k < 40000 && e.country == kCountryUS) {
      f_ += '$';
      append_money(f_, e.spend, false, false);
    } else if (k < 46000) {
      append_money(f_, e.spend, true, false);
    } else if (k < 76000 && c.decimal_comma) {
      append_money(f_, e.spend, false, true);
    } else {
      append_money(f_, e.spend, false, false);
    }
  }

  GenerateOptions opt_;
  const ByteSink& csv_;
  const ByteSink& truth_;
  const ProgressFn& progress_;
  CancelFlag cancel_;
  Rng rng_;
  uint32_t dup_ppm_ = 0;
  std::string out_, truth_out_, line_, f_, tmp_, first_, given_;
  uint64_t next_entity_ = 0, id_counter_ = 0, row_entity_ = 0;
  std::array<uint64_t, kRing> ring_{};
  std::array<uint8_t, kRing> ring_count_{};
  std::array<uint64_t, kMulti> multi_{};
  uint64_t multi_count_ = 0;
  std::array<std::string, kExact> exact_rows_;
  std::array<uint64_t, kExact> exact_entity_{};
  uint64_t exact_count_ = 0;
};

}  // namespace

namespace gen {

void draw_orders(Rng& r, uint32_t& orders, uint64_t& spend) {
  const uint32_t k = r.below(100);
  if (k < 8) {
    orders = 0;
  } else if (k < 55) {
    orders = 1 + r.below(3);
  } else if (k < 88) {
    orders = 1 + r.below(12);
  } else if (k < 98) {
    orders = 1 + r.below(60);
  } else {
    orders = 1 + r.below(400);
  }
  uint64_t avg = 1500 + r.below(25000);
  if (r.pct(5)) avg += r.below(200000);
  spend = orders * avg;
  if (orders > 0 && r.pct(40)) spend += r.below(100);
}

/// Draws signup and last-update days with signup < updated.
void draw_dates(Rng& r, int32_t from, int32_t& signup, int32_t& updated) {
  if (from < kFirstDay) from = kFirstDay;
  if (from > kLastSignup) from = kLastSignup;
  signup = from + static_cast<int32_t>(r.below(static_cast<uint32_t>(kLastSignup - from + 1)));
  updated = signup + 1 + static_cast<int32_t>(r.below(static_cast<uint32_t>(kLastUpdate - signup)));
}

}  // namespace gen

uint64_t generate_customers(const GenerateOptions& options, const ByteSink& csv,
                            const ByteSink& truth, ProgressFn progress, CancelFlag cancel) {
  auto gen = std::make_unique<Generator>(options, csv, truth, progress, cancel);
  gen->run();
  return gen->ids();
}

}  // namespace crm
