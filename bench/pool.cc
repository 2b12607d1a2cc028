#include "bench/pool.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/util/random_choices.h"

namespace meridian::bench {
namespace {

// Random choices: splitmix64 (common/util/random_choices.h), one stream per (seed, index), so
// that candidate i is the same whatever else is generated, on any standard library.

using Rng = RandomChoices<SplitMix64Engine>;

Rng RngFor(uint64_t seed, uint64_t index) {
  return Rng(SplitMix64Engine(SplitMix64(seed) ^ SplitMix64(index * 0xd1b54a32d192ed03ULL)));
}

std::vector<double> ZipfCdf(int n, double exponent) {
  std::vector<double> cdf(static_cast<size_t>(n));
  double total = 0;
  for (int rank = 1; rank <= n; ++rank) total += 1.0 / std::pow(rank, exponent);
  double running = 0;
  for (int rank = 1; rank <= n; ++rank) {
    running += 1.0 / std::pow(rank, exponent) / total;
    cdf[static_cast<size_t>(rank - 1)] = running;
  }
  cdf.back() = 1.0;
  return cdf;
}

// ---------------------------------------------------------------------------------------
// The world (after tools/demo_data): regions, countries, zones, hours and rates.

struct Country {
  const char* code;
  const char* zone;
  const char* calling_code;
  int weight;
  const char* local_currency = nullptr;  // some quote in it instead of USD...
  int local_currency_percent = 0;        // ...this many percent
};

struct Window {
  const char* start;
  const char* end;
  int weight;
};

struct Region {
  const char* name;
  int weight;
  std::vector<Country> countries;
  std::vector<const char*> first_names;
  std::vector<const char*> last_names;
  int rates[5][2];  // monthly USD by seniority, JUNIOR to PRINCIPAL: {low, high}
  int shifted_percent;
  std::vector<Window> shifted;
};

const std::vector<Region>& Regions() {
  static const auto* regions = new std::vector<Region>{
      {"Latin America",
       30,
       {{"BR", "America/Sao_Paulo", "55", 30, "BRL", 30},
        {"AR", "America/Argentina/Buenos_Aires", "54", 18},
        {"MX", "America/Mexico_City", "52", 18},
        {"CO", "America/Bogota", "57", 16},
        {"CL", "America/Santiago", "56", 7},
        {"PE", "America/Lima", "51", 6},
        {"UY", "America/Montevideo", "598", 5}},
       {"Ana", "Bruno", "Camila", "Diego", "Fernanda", "Gabriel", "Isabela", "João", "Juliana",
        "Lucas", "Mariana", "Mateo", "Natalia", "Pedro", "Rafael", "Sofía", "Tomás", "Valentina"},
       {"Silva", "Santos", "Oliveira", "Souza", "Pereira", "Rodrigues", "Gómez", "Fernández",
        "López", "Martínez", "García", "Hernández", "Ramírez", "Torres", "Castro", "Rojas"},
       {{1500, 2500}, {2500, 4200}, {4000, 7000}, {6500, 9000}, {8500, 11000}},
       20,
       {{"07:00", "15:00", 3},
        {"06:00", "14:00", 1},
        {"11:00", "19:00", 2},
        {"12:00", "20:00", 2},
        {"10:00", "18:00", 1}}},
      {"Europe",
       22,
       {{"PL", "Europe/Warsaw", "48", 25, "EUR", 35},
        {"UA", "Europe/Kyiv", "380", 22, "EUR", 30},
        {"RO", "Europe/Bucharest", "40", 17, "EUR", 35},
        {"PT", "Europe/Lisbon", "351", 14, "EUR", 70},
        {"ES", "Europe/Madrid", "34", 12, "EUR", 70},
        {"RS", "Europe/Belgrade", "381", 10, "EUR", 40}},
       {"Jakub", "Katarzyna", "Piotr", "Olena", "Andrii", "Oleksandr", "Iryna", "Andrei", "Ioana",
        "Mihai", "Elena", "Miguel", "Inês", "Carlos", "Lucía", "Marko", "Jelena", "Nikola"},
       {"Kowalski", "Nowak", "Wiśniewski", "Shevchenko", "Kovalenko", "Bondarenko", "Popescu",
        "Ionescu", "Dumitru", "Ferreira", "Sousa", "Martins", "Navarro", "Ruiz", "Jovanović"},
       {{1800, 2800}, {3000, 4800}, {4500, 7500}, {7000, 9500}, {9000, 12000}},
       30,
       {{"12:00", "20:00", 3},
        {"13:00", "21:00", 2},
        {"14:00", "22:00", 2},
        {"10:00", "19:00", 1},
        {"15:00", "23:00", 1}}},
      {"Africa",
       12,
       {{"NG", "Africa/Lagos", "234", 30},
        {"KE", "Africa/Nairobi", "254", 25},
        {"EG", "Africa/Cairo", "20", 20},
        {"ZA", "Africa/Johannesburg", "27", 15},
        {"GH", "Africa/Accra", "233", 10}},
       {"Chinedu", "Ngozi", "Oluwaseun", "Amaka", "Emeka", "Wanjiru", "Kamau", "Achieng", "Otieno",
        "Ahmed", "Mona", "Omar", "Yasmin", "Thabo", "Lerato", "Sipho", "Kwame", "Ama"},
       {"Okafor", "Adeyemi", "Okonkwo", "Balogun", "Mwangi", "Odhiambo", "Kariuki", "Njoroge",
        "Hassan", "Mahmoud", "Ibrahim", "Nkosi", "Dlamini", "Mokoena", "Mensah", "Owusu"},
       {{1000, 1800}, {2000, 3500}, {3500, 6000}, {5500, 8000}, {7500, 10000}},
       30,
       {{"12:00", "20:00", 3},
        {"13:00", "21:00", 2},
        {"14:00", "22:00", 2},
        {"11:00", "19:00", 1}}},
      {"South Asia",
       20,
       {{"IN", "Asia/Kolkata", "91", 55, "INR", 30},
        {"PK", "Asia/Karachi", "92", 20},
        {"BD", "Asia/Dhaka", "880", 12},
        {"NP", "Asia/Kathmandu", "977", 6},
        {"LK", "Asia/Colombo", "94", 7}},
       {"Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul", "Neha",
        "Ali", "Ayesha", "Hassan", "Fatima", "Tanvir", "Nusrat", "Suman", "Kasun"},
       {"Sharma", "Patel", "Gupta", "Reddy", "Iyer", "Nair", "Singh", "Khan", "Ahmed", "Hussain",
        "Rahman", "Chowdhury", "Shrestha", "Perera", "Fernando", "Kumar"},
       {{800, 1500}, {1500, 2800}, {2500, 5000}, {4500, 7000}, {6500, 9000}},
       35,
       {{"13:00", "22:00", 3},
        {"14:00", "23:00", 2},
        {"18:00", "02:00", 2},
        {"19:00", "03:00", 2},
        {"20:00", "04:00", 1},
        {"16:00", "01:00", 1}}},
      {"South-East Asia",
       16,
       {{"PH", "Asia/Manila", "63", 35},
        {"VN", "Asia/Ho_Chi_Minh", "84", 25},
        {"ID", "Asia/Jakarta", "62", 20},
        {"MY", "Asia/Kuala_Lumpur", "60", 10},
        {"TH", "Asia/Bangkok", "66", 10}},
       {"Maria", "Jose", "Angelica", "Paolo", "Kristine", "Minh", "Linh", "Huy", "Thao", "Budi",
        "Siti", "Dewi", "Agus", "Wei Ling", "Farah", "Arif", "Somchai", "Nattaya"},
       {"Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Nguyen", "Tran", "Le", "Pham", "Hoang",
        "Santoso", "Wijaya", "Pratama", "Tan", "Lim", "Wong"},
       {{1000, 1800}, {1800, 3200}, {3000, 5500}, {5000, 7500}, {7000, 9500}},
       35,
       {{"14:00", "22:00", 3},
        {"15:00", "23:00", 2},
        {"20:00", "04:00", 2},
        {"21:00", "05:00", 1},
        {"07:00", "15:00", 1},
        {"22:00", "06:00", 1}}},
  };
  return *regions;
}

const std::vector<Window>& StandardWindows() {
  static const auto* windows = new std::vector<Window>{
      {"09:00", "17:00", 40}, {"09:00", "18:00", 35}, {"08:00", "17:00", 10},
      {"10:00", "19:00", 5},  {"08:30", "17:30", 5},  {"09:30", "18:30", 5}};
  return *windows;
}

// Every zone and every window, numbered, for hours groups.
struct Numbering {
  std::vector<const char*> zones;
  std::vector<std::pair<const char*, const char*>> windows;

  int Zone(const char* zone) const {
    for (size_t i = 0; i < zones.size(); ++i) {
      if (std::string_view(zones[i]) == zone) return static_cast<int>(i);
    }
    throw std::logic_error("unknown zone");
  }
  int WindowIndex(const Window& w) const {
    for (size_t i = 0; i < windows.size(); ++i) {
      if (std::string_view(windows[i].first) == w.start &&
          std::string_view(windows[i].second) == w.end) {
        return static_cast<int>(i);
      }
    }
    throw std::logic_error("unknown window");
  }
};

const Numbering& Numbers() {
  static const Numbering* numbering = [] {
    auto* n = new Numbering;
    const auto add_window = [n](const Window& w) {
      for (const auto& [start, end] : n->windows) {
        if (std::string_view(start) == w.start && std::string_view(end) == w.end) return;
      }
      n->windows.emplace_back(w.start, w.end);
    };
    for (const Window& w : StandardWindows()) add_window(w);
    for (const Region& region : Regions()) {
      for (const Country& country : region.countries) n->zones.push_back(country.zone);
      for (const Window& w : region.shifted) add_window(w);
    }
    return n;
  }();
  return *numbering;
}

constexpr int kMaxWindows = 64;

// The canonical skills of the shared.skills seed, most popular first.
constexpr const char* kCanonicalByPopularity[] = {"javascript",
                                                  "sql",
                                                  "python",
                                                  "java",
                                                  "typescript",
                                                  "react",
                                                  "nodejs",
                                                  "docker",
                                                  "postgresql",
                                                  "html5",
                                                  "css3",
                                                  "aws",
                                                  "rest-api-design",
                                                  "mysql",
                                                  "php",
                                                  "csharp",
                                                  "dotnet",
                                                  "kubernetes",
                                                  "mongodb",
                                                  "redis",
                                                  "angular",
                                                  "vue",
                                                  "go",
                                                  "microservices",
                                                  "oop-software-design",
                                                  "gcp",
                                                  "azure",
                                                  "kafka",
                                                  "graphql",
                                                  "jquery",
                                                  "sass",
                                                  "kotlin",
                                                  "cpp",
                                                  "ruby",
                                                  "grpc",
                                                  "rust",
                                                  "scala",
                                                  "less",
                                                  "accessibility"};

constexpr const char* kProbeSkill = "bench-probe";

// common.v1.RoleKind
enum Kind {
  kBackendEngineer = 1,
  kBackendDeveloper = 2,
  kFrontendDeveloper = 3,
  kFullstackDeveloper = 4,
  kDevopsEngineer = 5,
  kDataEngineer = 6,
  kMobileDeveloper = 7,
  kQaEngineer = 8
};
constexpr const char* kKindNames[] = {
    "ROLE_KIND_UNSPECIFIED", "BACKEND_ENGINEER",    "BACKEND_DEVELOPER",
    "FRONTEND_DEVELOPER",    "FULLSTACK_DEVELOPER", "DEVOPS_ENGINEER",
    "DATA_ENGINEER",         "MOBILE_DEVELOPER",    "QA_ENGINEER"};
constexpr const char* kSeniorityNames[] = {
    "SENIORITY_UNSPECIFIED", "JUNIOR", "MID", "SENIOR", "STAFF", "PRINCIPAL"};
constexpr const char* kEnglishNames[] = {
    "ENGLISH_LEVEL_UNSPECIFIED", "A1", "A2", "B1", "B2", "C1", "C2"};

struct SeniorityOdds {
  int seniority;
  int weight;
  int min_years, max_years;
  int level;  // usual level of the main skill
};
const std::vector<SeniorityOdds>& Seniorities() {
  static const auto* odds = new std::vector<SeniorityOdds>{
      {1, 15, 1, 2, 2}, {2, 35, 3, 5, 3}, {3, 35, 5, 9, 4}, {4, 11, 8, 13, 4}, {5, 4, 11, 15, 5}};
  return *odds;
}

struct Weighted {
  int value;
  int weight;
};
const std::vector<Weighted>& EnglishOdds() {
  static const auto* odds = new std::vector<Weighted>{{2, 3}, {3, 15}, {4, 40}, {5, 33}, {6, 9}};
  return *odds;
}
const std::vector<Weighted>& CanonicalSkillCounts() {
  static const auto* odds =
      new std::vector<Weighted>{{3, 15}, {4, 25}, {5, 25}, {6, 20}, {7, 10}, {8, 5}};
  return *odds;
}

struct Currency {
  const char* code;
  double usd_per_unit;  // as seeded in shared.exchange_rates
  int64_t step;         // local amounts are rounded to this
};
constexpr Currency kCurrencies[] = {{"EUR", 1.08, 50}, {"BRL", 0.20, 500}, {"INR", 0.012, 5000}};

bool In(absl::string_view skill, std::initializer_list<absl::string_view> set) {
  return std::find(set.begin(), set.end(), skill) != set.end();
}

void AppendJsonString(std::string& out, absl::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

absl::CivilDay ReferenceDay() { return absl::CivilDay(2025, 3, 3); }

std::string BenchId(uint64_t seed, uint64_t index) {
  // `a` is one-to-one with the index (SplitMix64 is a bijection); all 16 of its hex digits appear.
  const uint64_t a = SplitMix64(index ^ SplitMix64(seed));
  const uint64_t b = SplitMix64(a ^ 0x5bd1e995ULL);
  const std::string ha = absl::StrFormat("%016x", a);
  const std::string hb = absl::StrFormat("%016x", b);
  const char variant = "89ab"[b & 3];
  return absl::StrCat(ha.substr(0, 8), "-", ha.substr(8, 4), "-4", ha.substr(12, 3), "-",
                      std::string(1, variant), hb.substr(0, 3), "-", ha.substr(15, 1),
                      hb.substr(3, 11));
}

PoolGenerator::PoolGenerator(uint64_t seed, int tail_skills) : seed_(seed) {
  if (tail_skills < SkillVocabulary::kFamilySize * 4 ||
      tail_skills % SkillVocabulary::kFamilySize != 0) {
    throw std::invalid_argument("tail_skills must be a multiple of 8, at least 32");
  }
  if (Numbers().windows.size() > static_cast<size_t>(kMaxWindows)) {
    throw std::logic_error("too many working-hour windows");
  }
  for (const char* id : kCanonicalByPopularity) vocabulary_.ids.emplace_back(id);
  vocabulary_.canonical_count = static_cast<int>(vocabulary_.ids.size());
  for (int i = 1; i <= tail_skills; ++i) {
    vocabulary_.ids.push_back(absl::StrFormat("tail-skill-%04d", i));
  }
  vocabulary_.tail_count = tail_skills;
  vocabulary_.probe_skill = static_cast<int>(vocabulary_.ids.size());
  vocabulary_.ids.emplace_back(kProbeSkill);
  canonical_cdf_ = ZipfCdf(vocabulary_.canonical_count, 1.0);
  tail_cdf_ = ZipfCdf(tail_skills, 0.8);
}

PoolGenerator::HoursGroup PoolGenerator::Group(int hours_group) const {
  const Numbering& n = Numbers();
  const int six = hours_group % 2;
  const int window = (hours_group / 2) % kMaxWindows;
  const int zone = hours_group / 2 / kMaxWindows;
  return {n.zones[static_cast<size_t>(zone)], n.windows[static_cast<size_t>(window)].first,
          n.windows[static_cast<size_t>(window)].second, six == 1};
}

void PoolGenerator::Generate(int64_t index, GeneratedCandidate& out) const {
  Rng rng = RngFor(seed_, static_cast<uint64_t>(index));
  const Region& region = rng.Weighted(Regions());
  const Country& country = rng.Weighted(region.countries);

  out.id = BenchId(seed_, static_cast<uint64_t>(index));
  out.display_name = absl::StrCat(region.first_names[static_cast<size_t>(rng.Uniform(
                                      0, static_cast<int>(region.first_names.size()) - 1))],
                                  " ",
                                  region.last_names[static_cast<size_t>(rng.Uniform(
                                      0, static_cast<int>(region.last_names.size()) - 1))]);
  out.email = absl::StrCat("c", index, "@bench.example");
  out.phone.clear();
  if (rng.Chance(0.6)) {
    // Ten digits, one-to-one with the index (48271 is coprime with 10).
    constexpr uint64_t kRange = 10000000000ULL;
    const uint64_t number = (48271 * static_cast<uint64_t>(index) + 1234567) % kRange;
    out.phone = absl::StrFormat("+%s %010d", country.calling_code, number);
  }
  out.country = country.code;
  out.zone = country.zone;
  const Window& window = rng.Chance(region.shifted_percent / 100.0)
                             ? rng.Weighted(region.shifted)
                             : rng.Weighted(StandardWindows());
  out.start = window.start;
  out.end = window.end;
  out.six_days = rng.Chance(0.07);
  const Numbering& numbers = Numbers();
  out.hours_group =
      (numbers.Zone(country.zone) * kMaxWindows + numbers.WindowIndex(window)) * 2 + out.six_days;

  const SeniorityOdds& seniority = rng.Weighted(Seniorities());
  out.seniority = seniority.seniority;
  const int career = rng.Uniform(seniority.min_years, seniority.max_years);
  int main_level = seniority.level;
  if (seniority.seniority == 1 && rng.Chance(0.3)) main_level = 3;
  if (seniority.seniority == 2 && rng.Chance(0.2)) main_level = 4;
  if (seniority.seniority == 4 && rng.Chance(0.5)) main_level = 5;

  // Canonical skills, Zipf-like; the first drawn is the one the person is known for.
  out.skills.clear();
  const auto has = [&out](int skill) {
    return std::any_of(out.skills.begin(), out.skills.end(),
                       [skill](const GeneratedSkill& s) { return s.skill == skill; });
  };
  const int canonical = rng.Weighted(CanonicalSkillCounts()).value;
  for (int attempt = 0; attempt < 40 && static_cast<int>(out.skills.size()) < canonical;
       ++attempt) {
    const int skill = rng.FromCdf(canonical_cdf_);
    if (has(skill)) continue;
    if (out.skills.empty()) {
      out.skills.push_back({skill, main_level, std::max(1, career - rng.Uniform(0, 1))});
    } else {
      const int level = main_level - (rng.Chance(0.4) ? 1 : 0) - (rng.Chance(0.2) ? 1 : 0);
      out.skills.push_back(
          {skill, std::clamp(level, 1, 5), rng.Uniform(std::max(1, career / 3), career)});
    }
  }
  // The long tail: half the pool has a rare skill, often with a sibling from its family.
  const auto add_tail = [&](int tail_index) {
    const int skill = vocabulary_.canonical_count + tail_index;
    if (has(skill)) return;
    out.skills.push_back({skill, rng.Uniform(1, 5), rng.Uniform(1, std::max(1, career))});
  };
  if (rng.Chance(0.5)) {
    const int first = rng.FromCdf(tail_cdf_);
    add_tail(first);
    const int family = first / SkillVocabulary::kFamilySize;
    for (const double p : {0.6, 0.25}) {
      if (rng.Chance(p)) {
        add_tail(family * SkillVocabulary::kFamilySize +
                 rng.Uniform(0, SkillVocabulary::kFamilySize - 1));
      }
    }
    if (rng.Chance(0.15)) add_tail(rng.FromCdf(tail_cdf_));
  }

  // Role kinds from what the person is known for.
  out.kinds.clear();
  const absl::string_view main_skill = vocabulary_.ids[static_cast<size_t>(out.skills[0].skill)];
  if (In(main_skill,
         {"react", "angular", "vue", "html5", "css3", "jquery", "sass", "less", "accessibility"})) {
    out.kinds.push_back(kFrontendDeveloper);
  } else if (In(main_skill, {"docker", "kubernetes", "aws", "gcp", "azure"})) {
    out.kinds.push_back(kDevopsEngineer);
  } else if (In(main_skill, {"sql", "postgresql", "mysql", "mongodb", "redis", "kafka"}) &&
             rng.Chance(0.5)) {
    out.kinds.push_back(kDataEngineer);
  } else if (main_skill == "kotlin" && rng.Chance(0.5)) {
    out.kinds.push_back(kMobileDeveloper);
  } else {
    out.kinds.push_back(kBackendDeveloper);
    if (seniority.seniority >= 4 || (seniority.seniority == 3 && rng.Chance(0.4))) {
      out.kinds.push_back(kBackendEngineer);
    }
  }
  if (rng.Chance(0.2)) out.kinds.push_back(kFullstackDeveloper);
  if (rng.Chance(0.03)) out.kinds.push_back(kQaEngineer);

  out.english = rng.Weighted(EnglishOdds()).value;
  out.soft_skills.clear();
  if (rng.Chance(out.english >= 5 ? 0.7 : 0.3)) out.soft_skills.push_back("clear written English");
  if (rng.Chance(0.35)) out.soft_skills.push_back("async communication");
  if (rng.Chance(0.35)) out.soft_skills.push_back("ownership");
  if (rng.Chance(seniority.seniority >= 3 ? 0.5 : 0.05)) out.soft_skills.push_back("mentoring");

  const int* range = region.rates[seniority.seniority - 1];
  const int usd = rng.Uniform(range[0] / 100, range[1] / 100) * 100;
  out.currency = "USD";
  out.rate_units = usd;
  out.rate_usd = usd;
  if (country.local_currency != nullptr && rng.Chance(country.local_currency_percent / 100.0)) {
    for (const Currency& local : kCurrencies) {
      if (absl::string_view(local.code) != country.local_currency) continue;
      const auto steps = static_cast<int64_t>(usd / local.usd_per_unit / local.step + 0.5);
      out.currency = local.code;
      out.rate_units = steps * local.step;
      out.rate_usd = static_cast<double>(out.rate_units) * local.usd_per_unit;
    }
  }

  out.available_day = GeneratedCandidate::kAvailableNow;
  if (rng.Chance(0.25)) {
    const absl::CivilDay from = ReferenceDay() + 7 * rng.Uniform(1, 12);
    out.available_day = static_cast<int32_t>(from - absl::CivilDay(1970, 1, 1));
  }
  const int state = rng.Uniform(0, 99);
  out.state = state < 88   ? "AVAILABLE"
              : state < 93 ? "INTERVIEWING"
              : state < 97 ? "INACTIVE"
                           : "PLACED";

  int max_level = 0;
  for (const GeneratedSkill& s : out.skills) max_level = std::max(max_level, s.level);
  out.profile_score = std::round((35.0 * max_level / 5 + 20.0 * out.english / 6 +
                                  25.0 * out.seniority / 5 + 20.0 * rng.Unit()) *
                                 100) /
                      100;
}

void PoolGenerator::GenerateProbe(int k, int64_t rate_usd, GeneratedCandidate& out) const {
  out.id = BenchId(seed_, (uint64_t{1} << 40) + static_cast<uint64_t>(k));
  out.display_name = absl::StrFormat("Freshness Probe %03d", k);
  out.email = absl::StrCat("probe", k, "@bench.example");
  out.phone.clear();
  out.country = "PT";
  out.zone = "UTC";
  out.start = "00:00";
  out.end = "24:00";
  out.six_days = false;
  out.hours_group = -1;
  out.skills.assign(1, GeneratedSkill{vocabulary_.probe_skill, 3, 3});
  out.kinds.assign(1, kBackendDeveloper);
  out.seniority = 2;
  out.english = 4;
  out.soft_skills.clear();
  out.currency = "USD";
  out.rate_units = rate_usd;
  out.rate_usd = static_cast<double>(rate_usd);
  out.available_day = GeneratedCandidate::kAvailableNow;
  out.state = "AVAILABLE";
  out.profile_score = 0;
}

std::string PoolGenerator::BodyJson(const GeneratedCandidate& c) const {
  std::string out;
  out.reserve(1024);
  out.append("{\"display_name\":");
  AppendJsonString(out, c.display_name);
  out.append(",\"email\":");
  AppendJsonString(out, c.email);
  if (!c.phone.empty()) {
    out.append(",\"phone\":");
    AppendJsonString(out, c.phone);
  }
  absl::StrAppend(&out, ",\"country\":\"", c.country, "\",\"working_hours\":{\"time_zone\":\"",
                  c.zone, "\",\"start\":\"", c.start, "\",\"end\":\"", c.end, "\"");
  if (c.six_days) {
    out.append(
        ",\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\"]");
  }
  out.append("},\"skills\":[");
  for (size_t i = 0; i < c.skills.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", "{\"skill\":\"",
                    vocabulary_.ids[static_cast<size_t>(c.skills[i].skill)],
                    "\",\"level\":", c.skills[i].level, ",\"years\":", c.skills[i].years, "}");
  }
  out.append("],\"kinds\":[");
  for (size_t i = 0; i < c.kinds.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", "\"", kKindNames[c.kinds[i]], "\"");
  }
  absl::StrAppend(&out, "],\"seniority\":\"", kSeniorityNames[c.seniority], "\"");
  if (!c.soft_skills.empty()) {
    out.append(",\"soft_skills\":[");
    for (size_t i = 0; i < c.soft_skills.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "" : ",", "\"", c.soft_skills[i], "\"");
    }
    out.append("]");
  }
  absl::StrAppend(&out, ",\"english_level\":\"", kEnglishNames[c.english],
                  "\",\"monthly_rate\":{\"currency_code\":\"", c.currency, "\",\"units\":\"",
                  c.rate_units, "\"}");
  if (c.available_day != GeneratedCandidate::kAvailableNow) {
    const absl::CivilDay day = absl::CivilDay(1970, 1, 1) + c.available_day;
    absl::StrAppend(&out, ",\"available_from\":{\"year\":", day.year(), ",\"month\":", day.month(),
                    ",\"day\":", day.day(), "}");
  }
  absl::StrAppend(&out, ",\"state\":\"", c.state, "\",\"source\":\"bench\"}");
  return out;
}

}  // namespace meridian::bench
