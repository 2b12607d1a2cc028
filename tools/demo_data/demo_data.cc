// meridian_demo_data: fills a running Meridian with demo data, so that a newcomer can run a
// search within a minute of starting: a worldwide talent pool (some thousands of engineers
// in the time zones where remote engineers live, with realistic skill mixes, hours and
// rates), a few hiring companies with open roles, and a few hires being followed up:
// placements with check-ins recorded, due and overdue, some of them at risk.
//
//   meridian_demo_data                                   # 3000 candidates, seed 42
//   meridian_demo_data --candidates=300 --seed=7 --intake_address=127.0.0.1:50051
//   meridian_demo_data --dry_run | head                  # the requests as JSON, nothing sent
//
// It speaks only the public gRPC APIs (IntakeService.CreateClient/CreateRole,
// TalentService.CreateCandidate). Every create carries a request_id derived from its index
// (and, for candidates, the seed), so a second run creates nothing twice: the services
// return what the first run created. What is generated depends only on the seed and the
// day it runs (available_from dates): every request is built before any is sent, and each
// candidate from its own generator, so --candidates=300 is the first 300 of the default
// 3000 and the thread count changes nothing.
//
// Last, for each client, one candidate of the pool is put forward for a role with a match
// (TalentService.CreateSubmission) and moved to HIRED (AdvanceSubmission), and the hire is
// followed up (PlacementService.CreatePlacement, started some weeks before today, and
// RecordCheckIn for the check-ins due since, except those left open on purpose). A rerun
// finds that work done (see FollowUps) and records nothing twice. --placement_address=""
// leaves this step out.
//
// Exit status: 0 everything is there now (created or already there); 1 some call failed
// (the first errors are printed); 2 bad usage.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "meridian/common/v1/common.pb.h"
#include "meridian/common/v1/error_reason.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"

ABSL_FLAG(std::string, intake_address, "127.0.0.1:50051", "host:port of the intake service");
ABSL_FLAG(std::string, talent_address, "127.0.0.1:50052", "host:port of the talent service");
ABSL_FLAG(std::string, placement_address, "127.0.0.1:50053",
          "host:port of the placement service; empty: no hires and placements");
ABSL_FLAG(int, candidates, 3000, "candidates to load (0-100000)");
ABSL_FLAG(uint64_t, seed, 42, "seed of the generated pool; the same seed gives the same pool");
ABSL_FLAG(int, concurrency, 8, "calls in flight at once (1-64)");
ABSL_FLAG(absl::Duration, connect_timeout, absl::Seconds(20),
          "how long to wait for the services to accept connections");
ABSL_FLAG(bool, dry_run, false,
          "print every request as one JSON line on stdout and send nothing (roles show the "
          "index of their client as parent; hires and placements, which depend on what the "
          "services answer, are left out)");

namespace {

namespace common = meridian::common::v1;
namespace intake = meridian::intake::v1;
namespace placement = meridian::placement::v1;
namespace talent = meridian::talent::v1;

constexpr int kBadUsage = 2;
constexpr int kMaxCandidates = 100000;
constexpr absl::Duration kCallTimeout = absl::Seconds(30);
constexpr int kMaxAttempts = 5;
constexpr size_t kErrorsShown = 5;

// ---------------------------------------------------------------------------------------
// Random choices. One generator per candidate, seeded from (seed, index), so that candidate
// i is the same whatever --candidates and --concurrency are. The helpers avoid the standard
// distributions, whose results differ between standard libraries.

class Rng {
 public:
  Rng(uint64_t seed, uint64_t index) {
    std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                           static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32)};
    engine_.seed(sequence);
  }

  // Uniform in [lo, hi].
  int Uniform(int lo, int hi) {
    return lo + static_cast<int>(engine_() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double probability) {
    return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < probability;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<int>(items.size()) - 1))];
  }
  // An item chosen with probability proportional to its `weight` member.
  template <typename T>
  const T& Weighted(const std::vector<T>& items) {
    int total = 0;
    for (const T& item : items) total += item.weight;
    int ticket = Uniform(0, total - 1);
    for (const T& item : items) {
      if (ticket < item.weight) return item;
      ticket -= item.weight;
    }
    return items.back();
  }

 private:
  std::mt19937_64 engine_;
};

// ---------------------------------------------------------------------------------------
// The world: regions, their countries, names, hours and rates.

struct Country {
  const char* code;          // ISO 3166-1 alpha-2
  const char* zone;          // IANA time zone
  const char* calling_code;  // "+55"
  const char* mobile_prefix;
  int weight;
  // A currency some candidates here quote in instead of USD, and how many percent do.
  const char* local_currency = nullptr;
  int local_currency_percent = 0;
};

struct Hours {
  const char* start;
  const char* end;
  int weight;
};

struct Region {
  const char* name;
  int weight;
  std::vector<Country> countries;
  // Names as people write them; emails use their ASCII transliteration.
  std::vector<const char*> first_names;
  std::vector<const char*> last_names;
  // Monthly USD by seniority, JUNIOR to PRINCIPAL: {low, high}.
  int rates[5][2];
  // Percent of people who shift their day to overlap with clients elsewhere, and the
  // hours they keep then (their local time).
  int shifted_percent;
  std::vector<Hours> shifted_hours;
};

const std::vector<Region>& Regions() {
  static const auto* regions = new std::vector<Region>{
      {.name = "Latin America",
       .weight = 30,
       .countries = {{"BR", "America/Sao_Paulo", "+55", "11 9", 30, "BRL", 30},
                     {"AR", "America/Argentina/Buenos_Aires", "+54", "9 11", 18},
                     {"MX", "America/Mexico_City", "+52", "55", 18},
                     {"CO", "America/Bogota", "+57", "3", 16},
                     {"CL", "America/Santiago", "+56", "9", 7},
                     {"PE", "America/Lima", "+51", "9", 6},
                     {"UY", "America/Montevideo", "+598", "9", 5}},
       .first_names = {"Ana",    "Bruno",   "Camila", "Diego",     "Fernanda", "Gabriel", "Isabela",
                       "João",   "Juliana", "Lucas",  "Mariana",   "Mateo",    "Natalia", "Pedro",
                       "Rafael", "Sofía",   "Tomás",  "Valentina", "Santiago", "Luciana"},
       .last_names = {"Silva",     "Santos",    "Oliveira",  "Souza",  "Pereira",
                      "Rodrigues", "Gómez",     "Fernández", "López",  "Martínez",
                      "García",    "Hernández", "Ramírez",   "Torres", "Castro",
                      "Rojas",     "Vargas",    "Morales",   "Costa",  "Almeida"},
       .rates = {{1500, 2500}, {2500, 4200}, {4000, 7000}, {6500, 9000}, {8500, 11000}},
       // Most of the region already shares the US day; a few start early for Europe.
       .shifted_percent = 20,
       .shifted_hours = {{"07:00", "15:00", 3},
                         {"06:00", "14:00", 1},
                         {"11:00", "19:00", 2},
                         {"12:00", "20:00", 2}}},
      {.name = "Europe",
       .weight = 22,
       .countries = {{"PL", "Europe/Warsaw", "+48", "5", 25, "EUR", 35},
                     {"UA", "Europe/Kyiv", "+380", "67", 22, "EUR", 30},
                     {"RO", "Europe/Bucharest", "+40", "7", 17, "EUR", 35},
                     {"PT", "Europe/Lisbon", "+351", "9", 14, "EUR", 70},
                     {"ES", "Europe/Madrid", "+34", "6", 12, "EUR", 70},
                     {"RS", "Europe/Belgrade", "+381", "6", 10, "EUR", 40}},
       .first_names = {"Jakub",  "Katarzyna", "Piotr",  "Olena",  "Andrii", "Oleksandr", "Iryna",
                       "Andrei", "Ioana",     "Mihai",  "Elena",  "Miguel", "Inês",      "Carlos",
                       "Lucía",  "Marko",     "Jelena", "Nikola", "Tomasz", "Agnieszka"},
       .last_names = {"Kowalski",   "Nowak",   "Wiśniewski",  "Shevchenko", "Kovalenko",
                      "Bondarenko", "Popescu", "Ionescu",     "Dumitru",    "Ferreira",
                      "Sousa",      "Martins", "Navarro",     "Ruiz",       "Jovanović",
                      "Petrović",   "Nikolić", "Lewandowski", "Melnyk",     "Stan"},
       .rates = {{1800, 2800}, {3000, 4800}, {4500, 7500}, {7000, 9500}, {9000, 12000}},
       .shifted_percent = 30,
       .shifted_hours = {{"12:00", "20:00", 3},
                         {"13:00", "21:00", 2},
                         {"14:00", "22:00", 2},
                         {"10:00", "19:00", 1}}},
      {.name = "Africa",
       .weight = 12,
       .countries = {{"NG", "Africa/Lagos", "+234", "80", 30},
                     {"KE", "Africa/Nairobi", "+254", "7", 25},
                     {"EG", "Africa/Cairo", "+20", "10", 20},
                     {"ZA", "Africa/Johannesburg", "+27", "8", 15},
                     {"GH", "Africa/Accra", "+233", "24", 10}},
       .first_names = {"Chinedu", "Ngozi",  "Oluwaseun", "Amaka", "Emeka", "Wanjiru", "Kamau",
                       "Achieng", "Otieno", "Ahmed",     "Mona",  "Omar",  "Yasmin",  "Thabo",
                       "Lerato",  "Sipho",  "Kwame",     "Ama",   "Kofi",  "Esi"},
       .last_names = {"Okafor",  "Adeyemi", "Okonkwo", "Balogun", "Mwangi",   "Odhiambo", "Kariuki",
                      "Njoroge", "Hassan",  "Mahmoud", "Ibrahim", "El-Sayed", "Nkosi",    "Dlamini",
                      "Mokoena", "Mensah",  "Owusu",   "Boateng", "Asante",   "Eze"},
       .rates = {{1000, 1800}, {2000, 3500}, {3500, 6000}, {5500, 8000}, {7500, 10000}},
       .shifted_percent = 30,
       .shifted_hours = {{"12:00", "20:00", 3}, {"13:00", "21:00", 2}, {"14:00", "22:00", 2}}},
      {.name = "South Asia",
       .weight = 20,
       .countries = {{"IN", "Asia/Kolkata", "+91", "9", 55, "INR", 30},
                     {"PK", "Asia/Karachi", "+92", "3", 20},
                     {"BD", "Asia/Dhaka", "+880", "17", 12},
                     {"NP", "Asia/Kathmandu", "+977", "98", 6},
                     {"LK", "Asia/Colombo", "+94", "7", 7}},
       .first_names = {"Aarav",  "Priya",  "Rohan", "Ananya", "Vikram", "Sneha",  "Arjun",
                       "Kavya",  "Rahul",  "Neha",  "Ali",    "Ayesha", "Hassan", "Fatima",
                       "Tanvir", "Nusrat", "Suman", "Anjali", "Kasun",  "Dilani"},
       .last_names = {"Sharma", "Patel",    "Gupta",   "Reddy",  "Iyer",      "Nair",     "Singh",
                      "Khan",   "Ahmed",    "Hussain", "Rahman", "Chowdhury", "Shrestha", "Karki",
                      "Perera", "Fernando", "Das",     "Mehta",  "Joshi",     "Kumar"},
       .rates = {{800, 1500}, {1500, 2800}, {2500, 5000}, {4500, 7000}, {6500, 9000}},
       // Afternoon shifts for European clients, night shifts for US ones.
       .shifted_percent = 35,
       .shifted_hours = {{"13:00", "22:00", 3},
                         {"14:00", "23:00", 2},
                         {"18:00", "02:00", 2},
                         {"19:00", "03:00", 2},
                         {"20:00", "04:00", 1}}},
      {.name = "South-East Asia",
       .weight = 16,
       .countries = {{"PH", "Asia/Manila", "+63", "9", 35},
                     {"VN", "Asia/Ho_Chi_Minh", "+84", "9", 25},
                     {"ID", "Asia/Jakarta", "+62", "8", 20},
                     {"MY", "Asia/Kuala_Lumpur", "+60", "1", 10},
                     {"TH", "Asia/Bangkok", "+66", "8", 10}},
       .first_names = {"Maria", "Jose", "Angelica", "Paolo",   "Kristine", "Minh", "Linh",
                       "Huy",   "Thao", "Budi",     "Siti",    "Dewi",     "Agus", "Wei Ling",
                       "Farah", "Arif", "Somchai",  "Nattaya", "Ploy",     "Anh"},
       .last_names = {"Santos", "Reyes", "Cruz",     "Bautista", "Mendoza", "Nguyen",    "Tran",
                      "Le",     "Pham",  "Hoang",    "Santoso",  "Wijaya",  "Pratama",   "Hidayat",
                      "Tan",    "Lim",   "Abdullah", "Wong",     "Srisai",  "Chaiyaporn"},
       .rates = {{1000, 1800}, {1800, 3200}, {3000, 5500}, {5000, 7500}, {7000, 9500}},
       // Afternoons for Europe, nights for the US; early days suit Australia.
       .shifted_percent = 35,
       .shifted_hours = {{"14:00", "22:00", 3},
                         {"15:00", "23:00", 2},
                         {"20:00", "04:00", 2},
                         {"21:00", "05:00", 1},
                         {"07:00", "15:00", 1}}},
  };
  return *regions;
}

// The usual office day, in the candidate's own zone.
const std::vector<Hours>& StandardHours() {
  static const auto* hours = new std::vector<Hours>{{"09:00", "17:00", 45},
                                                    {"09:00", "18:00", 40},
                                                    {"08:00", "17:00", 10},
                                                    {"10:00", "19:00", 5}};
  return *hours;
}

// US dollars per unit, as in the exchange rates the database is seeded with, and the step
// local amounts are rounded to.
struct LocalCurrency {
  const char* code;
  double usd_per_unit;
  int64_t step;
};
constexpr LocalCurrency kLocalCurrencies[] = {
    {"EUR", 1.08, 50}, {"BRL", 0.20, 500}, {"INR", 0.012, 5000}};

// ---------------------------------------------------------------------------------------
// What people do: archetypes with their skills and the role kinds they fit.

struct Archetype {
  const char* name;
  int weight;
  // Canonical skill ids (common/migrations/sql/0001_shared_reference.sql), the one the
  // person is known for first; "redis:0.5" when only half of them have it.
  const char* skills;
  common::RoleKind main_kind;
  // Backend archetypes: BACKEND_DEVELOPER, and BACKEND_ENGINEER for senior architects.
  bool backend;
  // Another kind some fit: those with `extra_skill`, or (nullptr) a share of them.
  common::RoleKind extra_kind = common::ROLE_KIND_UNSPECIFIED;
  const char* extra_skill = nullptr;
  double extra_probability = 0;
};

const std::vector<Archetype>& Archetypes() {
  using common::BACKEND_DEVELOPER;
  using common::FULLSTACK_DEVELOPER;
  static const auto* archetypes = new std::vector<Archetype>{
      {"backend Node.js", 20,
       "nodejs typescript javascript postgresql:0.8 rest-api-design:0.7 docker:0.7 redis:0.5 "
       "aws:0.4 mongodb:0.3 graphql:0.25 microservices:0.3 react:0.3",
       BACKEND_DEVELOPER, true, FULLSTACK_DEVELOPER, "react"},
      {"backend JVM", 12,
       "java sql kotlin:0.45 postgresql:0.6 kafka:0.5 docker:0.6 kubernetes:0.35 "
       "microservices:0.5 rest-api-design:0.6 oop-software-design:0.5 aws:0.3",
       BACKEND_DEVELOPER, true},
      {"backend Python", 8,
       "python sql postgresql:0.8 rest-api-design:0.7 docker:0.6 redis:0.4 aws:0.4 kafka:0.2 "
       "graphql:0.15",
       BACKEND_DEVELOPER, true, common::DATA_ENGINEER, nullptr, 0.15},
      {"Go and cloud", 7,
       "go docker grpc:0.7 kubernetes:0.7 postgresql:0.5 gcp:0.5 aws:0.4 microservices:0.5 "
       "kafka:0.25 redis:0.3",
       BACKEND_DEVELOPER, true, common::DEVOPS_ENGINEER, nullptr, 0.2},
      {"PHP", 9,
       "php mysql javascript:0.8 rest-api-design:0.5 html5:0.5 css3:0.4 redis:0.3 docker:0.4 "
       "vue:0.35 jquery:0.3",
       BACKEND_DEVELOPER, true, FULLSTACK_DEVELOPER, "vue"},
      {".NET", 8,
       "csharp dotnet sql azure:0.6 rest-api-design:0.5 microservices:0.3 docker:0.3 "
       "oop-software-design:0.4 angular:0.25",
       BACKEND_DEVELOPER, true, FULLSTACK_DEVELOPER, "angular"},
      {"data", 7, "python sql postgresql:0.7 kafka:0.35 aws:0.5 gcp:0.25 scala:0.2 docker:0.4",
       common::DATA_ENGINEER, false, BACKEND_DEVELOPER, nullptr, 0.25},
      {"frontend React", 14,
       "react javascript typescript:0.85 html5 css3 sass:0.5 accessibility:0.35 graphql:0.25 "
       "nodejs:0.3",
       common::FRONTEND_DEVELOPER, false, FULLSTACK_DEVELOPER, "nodejs"},
      {"mobile", 6, "kotlin java:0.6 rest-api-design:0.4 react:0.3 typescript:0.3 graphql:0.15",
       common::MOBILE_DEVELOPER, false},
      {"DevOps", 7,
       "kubernetes docker aws:0.6 gcp:0.35 azure:0.3 python:0.4 go:0.25 postgresql:0.3",
       common::DEVOPS_ENGINEER, false},
      {"QA", 4,
       "javascript typescript:0.5 python:0.4 java:0.3 sql:0.5 rest-api-design:0.4 docker:0.3",
       common::QA_ENGINEER, false},
  };
  return *archetypes;
}

struct SeniorityOdds {
  common::Seniority seniority;
  int weight;
  int min_years, max_years;  // years in the profession
  int level;                 // usual level of their main skill
};
const std::vector<SeniorityOdds>& Seniorities() {
  static const auto* seniorities =
      new std::vector<SeniorityOdds>{{common::JUNIOR, 15, 1, 2, 2},
                                     {common::MID, 35, 3, 5, 3},
                                     {common::SENIOR, 35, 5, 9, 4},
                                     {common::STAFF, 11, 8, 13, 4},
                                     {common::PRINCIPAL, 4, 11, 15, 5}};
  return *seniorities;
}

struct EnglishOdds {
  talent::EnglishLevel level;
  int weight;
};
const std::vector<EnglishOdds>& EnglishLevels() {
  static const auto* levels = new std::vector<EnglishOdds>{
      {talent::A2, 3}, {talent::B1, 15}, {talent::B2, 40}, {talent::C1, 33}, {talent::C2, 9}};
  return *levels;
}

// ---------------------------------------------------------------------------------------
// Candidates.

// A name as lower-case ASCII letters and digits, for an email address: "João" is "joao",
// "El-Sayed" is "elsayed".
std::string EmailPart(absl::string_view name) {
  static constexpr std::pair<absl::string_view, absl::string_view> kLetters[] = {
      {"á", "a"}, {"ã", "a"}, {"é", "e"}, {"ê", "e"}, {"í", "i"}, {"ó", "o"},
      {"ú", "u"}, {"ć", "c"}, {"ś", "s"}, {"ñ", "n"}, {"ç", "c"}};
  std::string out;
  while (!name.empty()) {
    bool replaced = false;
    for (const auto& [utf8, ascii] : kLetters) {
      if (absl::ConsumePrefix(&name, utf8)) {
        out.append(ascii.data(), ascii.size());
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    const auto c = static_cast<unsigned char>(name.front());
    if (absl::ascii_isalnum(c)) out.push_back(absl::ascii_tolower(c));
    name.remove_prefix(1);  // anything else (spaces, hyphens, other bytes) is left out
  }
  return out;
}

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Nobody has more years of a technology than it has existed in industry.
int MaxYears(absl::string_view skill) {
  static constexpr std::pair<absl::string_view, int> kYoung[] = {
      {"kotlin", 9}, {"grpc", 9},          {"kubernetes", 10}, {"graphql", 10},
      {"react", 12}, {"vue", 11},          {"typescript", 12}, {"docker", 12},
      {"go", 13},    {"microservices", 12}};
  for (const auto& [name, years] : kYoung) {
    if (name == skill) return years;
  }
  return 50;
}

void AddSkill(talent::Candidate& candidate, const std::string& skill, int level, int years) {
  talent::CandidateSkill* out = candidate.add_skills();
  out->set_skill(skill);
  out->set_level(std::clamp(level, 2, 5));
  out->set_years(std::clamp(years, 1, MaxYears(skill)));
}

bool HasSkill(const talent::Candidate& candidate, absl::string_view skill) {
  return std::any_of(candidate.skills().begin(), candidate.skills().end(),
                     [&](const talent::CandidateSkill& s) { return s.skill() == skill; });
}

talent::CreateCandidateRequest MakeCandidate(uint64_t seed, int index, absl::CivilDay today) {
  Rng rng(seed, static_cast<uint64_t>(index));
  talent::CreateCandidateRequest request;
  request.set_request_id(absl::StrCat("demo-", seed, "-candidate-", index));
  talent::Candidate& candidate = *request.mutable_candidate();

  const Region& region = rng.Weighted(Regions());
  const Country& country = rng.Weighted(region.countries);
  const char* first = rng.Pick(region.first_names);
  const char* last = rng.Pick(region.last_names);
  candidate.set_display_name(absl::StrCat(first, " ", last));
  candidate.set_email(
      absl::StrCat(EmailPart(first), ".", EmailPart(last), ".", index, "@example.com"));
  if (rng.Chance(0.9)) {
    // Eight digits, unique within a seed: i -> (a * i + b) mod 10^8 is one-to-one for an
    // `a` coprime with 10.
    constexpr uint64_t kRange = 100000000;
    const uint64_t number = (48271 * static_cast<uint64_t>(index) + Mix(seed) % kRange) % kRange;
    candidate.set_phone(absl::StrFormat("%s %s %04d %04d", country.calling_code,
                                        country.mobile_prefix, number / 10000, number % 10000));
  }
  candidate.set_country(country.code);

  common::WorkingHours& hours = *candidate.mutable_working_hours();
  hours.set_time_zone(country.zone);
  const Hours& day = rng.Chance(region.shifted_percent / 100.0) ? rng.Weighted(region.shifted_hours)
                                                                : rng.Weighted(StandardHours());
  hours.set_start(day.start);
  hours.set_end(day.end);
  if (rng.Chance(0.07)) {
    for (int weekday = common::MONDAY; weekday <= common::SATURDAY; ++weekday) {
      hours.add_days(static_cast<common::Weekday>(weekday));
    }
  }

  const SeniorityOdds& seniority = rng.Weighted(Seniorities());
  candidate.set_seniority(seniority.seniority);
  const int career = rng.Uniform(seniority.min_years, seniority.max_years);
  const Archetype& archetype = rng.Weighted(Archetypes());
  int main_level = seniority.level;
  if (seniority.seniority == common::JUNIOR && rng.Chance(0.3)) main_level = 3;
  if (seniority.seniority == common::MID && rng.Chance(0.2)) main_level = 4;
  if (seniority.seniority == common::STAFF && rng.Chance(0.5)) main_level = 5;
  bool main_skill = true;
  for (absl::string_view entry : absl::StrSplit(archetype.skills, ' ', absl::SkipEmpty())) {
    const std::pair<std::string, std::string> odds = absl::StrSplit(entry, ':');
    double probability = 1;
    if (!odds.second.empty() && !absl::SimpleAtod(odds.second, &probability)) probability = 0;
    if (main_skill) {
      AddSkill(candidate, odds.first, main_level, career - rng.Uniform(0, 1));
      main_skill = false;
    } else if (probability >= 1) {
      AddSkill(candidate, odds.first, main_level - (rng.Chance(0.35) ? 1 : 0),
               rng.Uniform(std::max(1, career / 2), career));
    } else if (rng.Chance(probability)) {
      AddSkill(candidate, odds.first, main_level - 1 - (rng.Chance(0.3) ? 1 : 0),
               rng.Uniform(1, career));
    }
  }

  std::vector<common::RoleKind> kinds;
  if (archetype.backend) {
    const bool senior_architect = seniority.seniority >= common::STAFF ||
                                  (seniority.seniority == common::SENIOR && rng.Chance(0.4));
    if (seniority.seniority < common::STAFF || rng.Chance(0.5)) {
      kinds.push_back(archetype.main_kind);
    }
    if (senior_architect) kinds.push_back(common::BACKEND_ENGINEER);
  } else {
    kinds.push_back(archetype.main_kind);
  }
  if (archetype.extra_kind != common::ROLE_KIND_UNSPECIFIED &&
      (archetype.extra_skill != nullptr ? HasSkill(candidate, archetype.extra_skill)
                                        : rng.Chance(archetype.extra_probability))) {
    kinds.push_back(archetype.extra_kind);
  }
  for (common::RoleKind kind : kinds) candidate.add_kinds(kind);

  const talent::EnglishLevel english = rng.Weighted(EnglishLevels()).level;
  candidate.set_english_level(english);
  if (rng.Chance(english >= talent::C1 ? 0.7 : 0.3)) {
    candidate.add_soft_skills("clear written English");
  }
  if (rng.Chance(0.35)) candidate.add_soft_skills("async communication");
  if (rng.Chance(0.35)) candidate.add_soft_skills("ownership");
  if (rng.Chance(seniority.seniority >= common::SENIOR ? 0.5 : 0.05)) {
    candidate.add_soft_skills("mentoring");
  }
  if (rng.Chance(seniority.seniority >= common::STAFF    ? 0.6
                 : seniority.seniority == common::SENIOR ? 0.2
                                                         : 0.02)) {
    candidate.add_soft_skills("stakeholder management");
  }

  const int* range = region.rates[seniority.seniority - common::JUNIOR];
  const int usd = rng.Uniform(range[0] / 100, range[1] / 100) * 100;
  common::Money& rate = *candidate.mutable_monthly_rate();
  rate.set_currency_code("USD");
  rate.set_units(usd);
  if (country.local_currency != nullptr && rng.Chance(country.local_currency_percent / 100.0)) {
    for (const LocalCurrency& local : kLocalCurrencies) {
      if (absl::string_view(local.code) != country.local_currency) continue;
      const auto units = static_cast<int64_t>(usd / local.usd_per_unit / local.step + 0.5);
      rate.set_currency_code(local.code);
      rate.set_units(units * local.step);
    }
  }

  if (rng.Chance(0.2)) {
    const absl::CivilDay from = today + 7 * rng.Uniform(1, 8);
    candidate.mutable_available_from()->set_year(static_cast<int32_t>(from.year()));
    candidate.mutable_available_from()->set_month(from.month());
    candidate.mutable_available_from()->set_day(from.day());
  }
  candidate.set_state(rng.Chance(0.05) ? talent::Candidate::INACTIVE
                                       : talent::Candidate::AVAILABLE);
  candidate.set_source("demo-data");
  candidate.set_notes(absl::StrCat("Demo data from meridian_demo_data (seed ", seed, ", ",
                                   region.name, ", ", archetype.name, "); not a real person."));
  return request;
}

// ---------------------------------------------------------------------------------------
// Clients and their roles. The same for every seed: another seed adds people to the pool,
// not more copies of these companies.

struct Need {
  const char* skill;
  int min_level;
  int min_years;
};

struct KindAnswers {
  intake::ArchitectureOwner owner;
  std::optional<bool> has_technical_lead;
  std::optional<bool> works_with_leadership;
  intake::SystemStage stage;
  std::optional<int> team_size;
};

struct RoleSpec {
  const char* title;
  // ROLE_KIND_UNSPECIFIED when `answers` decide.
  common::RoleKind kind;
  common::Seniority seniority;
  std::vector<Need> required;
  std::vector<Need> nice;
  std::vector<const char*> soft_skills;
  double min_overlap_hours;
  const char* currency;
  int64_t budget;
  int headcount;
  std::optional<KindAnswers> answers = std::nullopt;
};

struct ContactSpec {
  const char* name;
  const char* title;
  const char* email;
  const char* phone;
};

struct ClientSpec {
  const char* display_name;
  const char* mission;
  std::vector<const char*> culture_values;
  const char* website;
  int team_size;
  const char* zone;
  const char* start;
  const char* end;
  const char* notes;
  std::vector<ContactSpec> contacts;
  std::vector<RoleSpec> roles;
};

const std::vector<ClientSpec>& Clients() {
  using common::BACKEND_DEVELOPER;
  using common::BACKEND_ENGINEER;
  static const auto* clients = new std::vector<ClientSpec>{
      {.display_name = "Ledgerline",
       .mission = "Real-time treasury and payments infrastructure for mid-market companies: "
                  "one API to hold, move and reconcile money across banks.",
       .culture_values = {"written communication", "ownership", "customer obsession",
                          "sustainable pace"},
       .website = "https://ledgerline.example.com",
       .team_size = 85,
       .zone = "America/New_York",
       .start = "09:00",
       .end = "17:00",
       .notes = "New York fintech, Series B. Hires remote engineers in the Americas first; "
                "needs at least three hours with the New York day. Pays in USD.",
       .contacts = {{"Rachel Goldberg", "CTO", "rachel.goldberg@ledgerline.example.com",
                     "+1 212 555 0142"},
                    {"Marcus Webb", "Head of Talent", "marcus.webb@ledgerline.example.com",
                     "+1 212 555 0178"}},
       .roles =
           {{.title = "Senior Backend Developer (Node.js)",
             .kind = BACKEND_DEVELOPER,
             .seniority = common::SENIOR,
             .required = {{"nodejs", 3, 3}, {"typescript", 3, 2}, {"postgresql", 2, 2}},
             .nice = {{"redis", 2, 1}, {"docker", 2, 1}, {"aws", 2, 1}, {"rest-api-design", 3, 2}},
             .soft_skills = {"clear written English", "async communication"},
             .min_overlap_hours = 4,
             .currency = "USD",
             .budget = 7500,
             .headcount = 2},
            {.title = "Staff Backend Engineer, Payments Platform",
             .kind = common::ROLE_KIND_UNSPECIFIED,
             .seniority = common::STAFF,
             .required = {{"java", 4, 6}, {"kafka", 3, 3}, {"postgresql", 3, 3}},
             .nice = {{"kubernetes", 3, 2}, {"microservices", 4, 3}, {"aws", 3, 2}},
             .soft_skills = {"stakeholder management", "mentoring", "clear written English"},
             .min_overlap_hours = 4,
             .currency = "USD",
             .budget = 11000,
             .headcount = 1,
             .answers = KindAnswers{intake::THE_HIRE, false, true, intake::GREENFIELD, 6}}}},
      {.display_name = "Praxis Health",
       .mission = "Software that gives clinicians their time back: scheduling, records and "
                  "telehealth for outpatient practices in Germany and Austria.",
       .culture_values = {"privacy by design", "async-first", "documentation", "calm pace"},
       .website = "https://praxis-health.example.com",
       .team_size = 140,
       .zone = "Europe/Berlin",
       .start = "09:00",
       .end = "17:00",
       .notes = "Berlin health-tech. Data stays in the EU; contractors anywhere with four "
                "hours of overlap with Berlin. Budgets in EUR.",
       .contacts = {{"Katrin Vogel", "VP Engineering", "katrin.vogel@praxis-health.example.com",
                     "+49 30 5550 1234"}},
       .roles =
           {{.title = "Backend Developer (Python)",
             .kind = BACKEND_DEVELOPER,
             .seniority = common::MID,
             .required = {{"python", 3, 2}, {"postgresql", 2, 2}},
             .nice = {{"docker", 2, 1}, {"kafka", 2, 1}, {"aws", 2, 1}, {"rest-api-design", 3, 2}},
             .soft_skills = {"clear written English", "async communication"},
             .min_overlap_hours = 4,
             .currency = "EUR",
             .budget = 5000,
             .headcount = 2},
            {.title = "Senior Backend Developer (Kotlin)",
             .kind = common::ROLE_KIND_UNSPECIFIED,
             .seniority = common::SENIOR,
             .required = {{"kotlin", 3, 3}, {"sql", 3, 3}},
             .nice = {{"kafka", 3, 2}, {"kubernetes", 2, 1}, {"microservices", 3, 2}},
             .soft_skills = {"ownership", "mentoring"},
             .min_overlap_hours = 4,
             .currency = "EUR",
             .budget = 7000,
             .headcount = 1,
             .answers =
                 KindAnswers{intake::EXISTING_TEAM, true, false, intake::EXISTING_SYSTEM, 14}}}},
      {.display_name = "Ponte Commerce",
       .mission = "Cross-border checkout and logistics for Latin American merchants selling "
                  "into the United States.",
       .culture_values = {"bilingual (English and Portuguese)", "bias for action",
                          "feedback is a gift"},
       .website = "https://ponte-commerce.example.com",
       .team_size = 60,
       .zone = "America/Chicago",
       .start = "09:00",
       .end = "17:00",
       .notes = "Founded in São Paulo, now headquartered in Chicago. Most of engineering is "
                "in Brazil and Argentina; Portuguese or Spanish is a plus.",
       .contacts = {{"Luiz Carvalho", "Co-founder and CTO",
                     "luiz.carvalho@ponte-commerce.example.com", "+1 312 555 0186"}},
       .roles =
           {{.title = "Backend Developer (PHP/Laravel)",
             .kind = BACKEND_DEVELOPER,
             .seniority = common::MID,
             .required = {{"php", 3, 3}, {"mysql", 2, 2}},
             .nice = {{"redis", 2, 1}, {"docker", 2, 1}, {"vue", 2, 1}, {"rest-api-design", 3, 2}},
             .soft_skills = {"async communication"},
             .min_overlap_hours = 4,
             .currency = "USD",
             .budget = 5000,
             .headcount = 1},
            {.title = "Senior .NET Backend Engineer",
             .kind = BACKEND_ENGINEER,
             .seniority = common::SENIOR,
             .required = {{"csharp", 4, 5}, {"dotnet", 3, 4}, {"sql", 3, 3}},
             .nice = {{"azure", 3, 2}, {"microservices", 3, 2}},
             .soft_skills = {"stakeholder management", "clear written English"},
             .min_overlap_hours = 3,
             .currency = "USD",
             .budget = 8000,
             .headcount = 1}}},
      {.display_name = "Southcross Software",
       .mission = "Scheduling and dispatch for trades businesses in Australia and New Zealand, "
                  "from the office to the van.",
       .culture_values = {"async-first", "no ego", "customer empathy"},
       .website = "https://southcross.example.com",
       .team_size = 45,
       .zone = "Australia/Sydney",
       .start = "09:00",
       .end = "17:00",
       .notes = "Sydney SaaS. Looks to South-East Asia for overlap with the Australian day.",
       .contacts = {{"Liam O'Connor", "Head of Engineering", "liam.oconnor@southcross.example.com",
                     "+61 2 5550 1234"}},
       .roles =
           {{.title = "Senior Backend Engineer (Go)",
             .kind = common::ROLE_KIND_UNSPECIFIED,
             .seniority = common::SENIOR,
             .required = {{"go", 3, 3}},
             .nice = {{"postgresql", 3, 2}, {"grpc", 3, 2}, {"kubernetes", 3, 2}, {"gcp", 2, 1}},
             .soft_skills = {"ownership", "stakeholder management"},
             .min_overlap_hours = 3,
             .currency = "AUD",
             .budget = 12000,
             .headcount = 1,
             .answers =
                 KindAnswers{intake::THE_HIRE, std::nullopt, true, intake::EXISTING_SYSTEM, 4}}}},
  };
  return *clients;
}

intake::CreateClientRequest MakeClient(const ClientSpec& spec, size_t index) {
  intake::CreateClientRequest request;
  request.set_request_id(absl::StrCat("demo-client-", index));
  intake::Client& client = *request.mutable_client();
  client.set_display_name(spec.display_name);
  client.set_mission(spec.mission);
  for (const char* value : spec.culture_values) client.add_culture_values(value);
  client.set_website(spec.website);
  client.set_team_size(spec.team_size);
  client.mutable_working_hours()->set_time_zone(spec.zone);
  client.mutable_working_hours()->set_start(spec.start);
  client.mutable_working_hours()->set_end(spec.end);
  client.set_notes(spec.notes);
  for (const ContactSpec& contact : spec.contacts) {
    intake::Contact& out = *client.add_contacts();
    out.set_display_name(contact.name);
    out.set_title(contact.title);
    out.set_email(contact.email);
    out.set_phone(contact.phone);
  }
  return request;
}

void AddNeeds(const std::vector<Need>& needs,
              google::protobuf::RepeatedPtrField<common::SkillRequirement>& out) {
  for (const Need& need : needs) {
    common::SkillRequirement& requirement = *out.Add();
    requirement.set_skill(need.skill);
    requirement.set_min_level(need.min_level);
    requirement.set_min_years(need.min_years);
  }
}

// The parent is filled in once the client exists.
intake::CreateRoleRequest MakeRole(const RoleSpec& spec, size_t client_index, size_t index) {
  intake::CreateRoleRequest request;
  request.set_request_id(absl::StrCat("demo-client-", client_index, "-role-", index));
  intake::Role& role = *request.mutable_role();
  role.set_title(spec.title);
  role.set_kind(spec.kind);
  role.set_seniority(spec.seniority);
  AddNeeds(spec.required, *role.mutable_required_skills());
  AddNeeds(spec.nice, *role.mutable_nice_to_have_skills());
  for (const char* soft : spec.soft_skills) role.add_soft_skills(soft);
  role.set_min_overlap_hours(spec.min_overlap_hours);
  role.mutable_monthly_budget()->set_currency_code(spec.currency);
  role.mutable_monthly_budget()->set_units(spec.budget);
  role.set_headcount(spec.headcount);
  if (spec.answers) {
    intake::RoleKindAnswers& answers = *role.mutable_kind_answers();
    answers.set_architecture_owner(spec.answers->owner);
    if (spec.answers->has_technical_lead) {
      answers.set_has_technical_lead(*spec.answers->has_technical_lead);
    }
    if (spec.answers->works_with_leadership) {
      answers.set_works_with_leadership(*spec.answers->works_with_leadership);
    }
    answers.set_system_stage(spec.answers->stage);
    if (spec.answers->team_size) answers.set_engineering_team_size(*spec.answers->team_size);
  }
  return request;
}

// ---------------------------------------------------------------------------------------
// Sending.

enum class Result { kCreated, kAlreadyThere, kFailed };

struct Outcome {
  Result result = Result::kFailed;
  std::string name;   // the resource, when it is there
  std::string error;  // when it failed
};

struct Tally {
  int created = 0;
  int already_there = 0;
  int failed = 0;
  void Count(const Outcome& outcome) {
    switch (outcome.result) {
      case Result::kCreated:
        ++created;
        break;
      case Result::kAlreadyThere:
        ++already_there;
        break;
      case Result::kFailed:
        ++failed;
        break;
    }
  }
};

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

bool IsTransient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::ABORTED;
}

// True when the request_id was used before for a request that differed (an earlier run on
// another day generated other available_from dates): the resource is there already.
bool RequestIdUsedBefore(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) return false;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return false;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      if (violation.field() == "request_id") return true;
    }
  }
  return false;
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}

// Calls `rpc(context, response)` until it succeeds or fails for good; retries are safe
// because every request carries a request_id. A resource created before `run_start` was
// there already: a retry of an earlier run's request returns it unchanged.
template <typename Response, typename Rpc>
Outcome Send(absl::Time run_start, const Rpc& rpc) {
  grpc::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
    Response response;
    status = rpc(&context, &response);
    if (status.ok()) {
      return {ToTime(response.create_time()) < run_start ? Result::kAlreadyThere : Result::kCreated,
              response.name(), ""};
    }
    if (!IsTransient(status.error_code())) break;
    absl::SleepFor(absl::Milliseconds(100) * (1 << (attempt - 1)));
  }
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS || RequestIdUsedBefore(status)) {
    return {Result::kAlreadyThere, "", ""};
  }
  return {Result::kFailed, "", Describe(status)};
}

bool Connect(const std::shared_ptr<grpc::Channel>& channel, absl::string_view service,
             absl::string_view address) {
  if (channel->WaitForConnected(
          absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_connect_timeout)))) {
    return true;
  }
  std::fprintf(stderr,
               "meridian_demo_data: cannot reach the %s service at %s (is `./meridian up` "
               "running? see --%s_address)\n",
               std::string(service).c_str(), std::string(address).c_str(),
               std::string(service).c_str());
  return false;
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) return "{}";
  return json;
}

int Usage(absl::string_view message) {
  std::fprintf(stderr, "meridian_demo_data: %s\n", std::string(message).c_str());
  return kBadUsage;
}

struct PlannedRole {
  size_t client;
  const RoleSpec* spec;
  intake::CreateRoleRequest request;
  Outcome outcome;
};

// ---------------------------------------------------------------------------------------
// Hires and their follow-up: one hire per client, taken through the talent pipeline, then
// a placement and its check-ins, so that the follow-up agenda has something to show.

constexpr char kActor[] = "demo";

// What a recorded check-in said.
struct CheckInNote {
  int client_rating;
  int candidate_rating;
  std::vector<placement::Concern> concerns = {};
  const char* notes;
  const char* next_steps;
};

// How one client's hire is followed up. Check-ins are numbered in due order from 0; with the
// default cadence (weeks 1, 2, 4, 8 and 12, then every 4) check-in n is on the day
// start_days_ago - 7 * week(n) days before today (UTC), at 10:00 in the client's zone, a
// Saturday or Sunday moving to the Monday. The start days put every check-in's day at least
// 4 days before today or 10 after it, so each is more than a day away from now whatever the
// weekday, the hour and the zone: which check-ins are past does not depend on when the
// loader runs on a given day.
struct FollowUpPlan {
  int start_days_ago;
  // Every check-in due by now is recorded, except this one (-1: none).
  int unrecorded;
  // What check-in n said; later ones get SteadyNote().
  std::vector<CheckInNote> notes;
};

const CheckInNote& SteadyNote() {
  static const auto* note =
      new CheckInNote{.client_rating = 5,
                      .candidate_rating = 5,
                      .notes = "Steady: delivering on the roadmap; no concerns from either side.",
                      .next_steps = "Keep the regular check-ins."};
  return *note;
}

// By client index (the clients of Clients()).
const std::vector<FollowUpPlan>& FollowUpPlans() {
  using placement::COMMUNICATION;
  using placement::ENGAGEMENT;
  using placement::TIME_ZONE_OVERLAP;
  static const auto* plans = new std::vector<FollowUpPlan>{
      // Ledgerline: started 18 days ago. The one-week check-in (11 days ago) went well; the
      // two-week one (4 days ago) is due and not yet recorded: on the agenda, not a risk yet.
      {.start_days_ago = 18,
       .unrecorded = 1,
       .notes =
           {{.client_rating = 5,
             .candidate_rating = 5,
             .notes =
                 "First week went well: accounts and repository access on day one, the first "
                 "pull request (idempotent webhook retries) merged on day three. The CTO likes "
                 "the written updates.",
             .next_steps = "Pair with the reconciliation team next week; agree on a code-review "
                           "turnaround."}}},
      // Praxis Health: started 45 days ago. Two check-ins recorded, the four-week one (17 days
      // ago) never happened: overdue, so the placement is at risk.
      {.start_days_ago = 45,
       .unrecorded = 2,
       .notes =
           {{.client_rating = 4,
             .candidate_rating = 4,
             .notes = "Settling in. The EU data-residency rules and the audit-logging conventions "
                      "took a few days to learn; the VP Engineering says the questions were the "
                      "right ones.",
             .next_steps = "Take over the appointment-reminder service from week three."},
            {.client_rating = 4,
             .candidate_rating = 3,
             .concerns = {TIME_ZONE_OVERLAP},
             .notes = "Delivering steadily. The candidate finds the 08:30 Berlin stand-up early "
                      "for their day; the team is open to moving it.",
             .next_steps = "Move the stand-up to 10:00 Berlin; look at the overlap again at the "
                           "four-week check-in."}}},
      // Ponte Commerce: started 72 days ago. Four check-ins recorded; at the latest (16 days
      // ago) the client rated 2/5, down from 4, with communication raised twice: at risk.
      {.start_days_ago = 72,
       .unrecorded = -1,
       .notes =
           {{.client_rating = 5,
             .candidate_rating = 5,
             .notes = "Strong start: the first checkout fix shipped in week one, and the candidate "
                      "gets on well with the team in Brazil.",
             .next_steps = "Introduce the candidate to the logistics squad."},
            {.client_rating = 4,
             .candidate_rating = 5,
             .notes = "Good pace on the Laravel upgrade. The client asks for more detail in "
                      "pull-request descriptions.",
             .next_steps = "Use the team's pull-request template; the recruiter shares examples."},
            {.client_rating = 4,
             .candidate_rating = 4,
             .concerns = {COMMUNICATION},
             .notes = "The work is solid, but answers come late in the Chicago afternoon and the "
                      "product manager waits on them.",
             .next_steps = "Post a written end-of-day update in the team channel."},
            {.client_rating = 2,
             .candidate_rating = 3,
             .concerns = {COMMUNICATION, ENGAGEMENT},
             .notes = "The CTO is unhappy: two sprint commitments missed and slow replies during "
                      "the Chicago afternoon. The candidate says requirements change mid-sprint "
                      "and feels left out of planning.",
             .next_steps =
                 "Recruiter calls both sides this week: a fixed overlap window (10:00-14:00 "
                 "Chicago), a daily written update, the candidate in sprint planning; review "
                 "in two weeks."}}},
      // Southcross Software: started 145 days ago, every check-in recorded (seven, as the
      // cadence goes on every 4 weeks after week 12): a healthy placement.
      {.start_days_ago = 145,
       .unrecorded = -1,
       .notes =
           {{.client_rating = 5,
             .candidate_rating = 4,
             .notes = "Smooth start; the candidate's hours overlap well with the Sydney morning.",
             .next_steps = "Pair with the dispatch team on the scheduler."},
            {.client_rating = 5,
             .candidate_rating = 5,
             .notes = "Took over the job-routing service's gRPC API; the client praises the "
                      "design notes.",
             .next_steps = "Lead the routing API review with the mobile team."},
            {.client_rating = 4,
             .candidate_rating = 5,
             .notes = "A rough on-call week after a release, handled well; the candidate asked "
                      "for a runbook review.",
             .next_steps = "Head of Engineering schedules the runbook review."},
            {.client_rating = 5,
             .candidate_rating = 5,
             .notes = "Two months in: owns job routing end to end, mentors a junior developer.",
             .next_steps = "Discuss the roadmap for the next quarter."},
            {.client_rating = 5,
             .candidate_rating = 5,
             .notes = "Three months in and past the guarantee: the client wants to extend the "
                      "engagement for a year.",
             .next_steps = "Send the extension to both sides."}}},
  };
  return *plans;
}

// The ErrorInfo of a failed call, if it has one.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return std::nullopt;
}

std::string ErrorReason(const grpc::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  return info ? info->reason() : "";
}

std::string ErrorMetadata(const grpc::Status& status, const std::string& key) {
  const std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  if (!info) return "";
  const auto found = info->metadata().find(key);
  return found == info->metadata().end() ? "" : found->second;
}

// Calls `rpc(context)` until it succeeds or fails for good. Only for calls that are safe to
// repeat (a repeated move or record fails with an error this code reads as "already done").
template <typename Rpc>
grpc::Status Call(const Rpc& rpc) {
  grpc::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
    status = rpc(&context);
    if (status.ok() || !IsTransient(status.error_code())) break;
    absl::SleepFor(absl::Milliseconds(100) * (1 << (attempt - 1)));
  }
  return status;
}

// Search runs on an index that follows the pool's writes within a second or so. Waits (up
// to 20 s) until it has caught up with them: until a search open to everyone finds as many
// candidates as the pool has searchable ones (AVAILABLE or INTERVIEWING). Hires then go to
// the same people however fast the pool went in.
void WaitForSearchIndex(talent::TalentService::Stub& talent) {
  int searchable = 0;
  for (const char* state : {"AVAILABLE", "INTERVIEWING"}) {
    talent::ListCandidatesRequest list;
    list.set_filter(absl::StrCat("state = ", state));
    list.set_page_size(1000);
    do {
      talent::ListCandidatesResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent.ListCandidates(context, list, &response);
      });
      if (!status.ok()) return;
      searchable += response.candidates_size();
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
  }
  talent::SearchCandidatesRequest request;
  talent::SearchCriteria& everyone = *request.mutable_criteria();
  everyone.mutable_working_hours()->set_time_zone("UTC");
  everyone.mutable_working_hours()->set_start("00:00");
  everyone.mutable_working_hours()->set_end("23:59");
  everyone.set_min_overlap_hours(0);
  request.set_page_size(1);
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    talent::SearchCandidatesResponse response;
    const grpc::Status status = Call([&](grpc::ClientContext* context) {
      return talent.SearchCandidates(context, request, &response);
    });
    if (!status.ok() || response.total_size() >= searchable) return;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

google::type::Date ToDate(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// The last segment of a resource name: "clients/1/roles/2/submissions/3" -> "3".
std::string LastId(const std::string& name) { return name.substr(name.rfind('/') + 1); }

bool IsOpenStage(talent::Submission::Stage stage) {
  return stage >= talent::Submission::SOURCED && stage <= talent::Submission::OFFER;
}

// Takes one candidate of this loader's pool per client through the pipeline to a hire, starts
// a placement for the hire and records its check-ins as the client's FollowUpPlan says.
//
// Reruns do the same work again and find it done: the hire is found among the role's
// submissions (one put forward by "demo" and HIRED; an open one is taken on to HIRED), the
// placement by its submission, and a recorded check-in is not recorded again. A new hire goes
// to the matching candidate of this pool with the lowest index (AVAILABLE, in no other
// process), so the choice does not depend on scores that move with the date.
class FollowUps {
 public:
  FollowUps(talent::TalentService::Stub& talent, placement::PlacementService::Stub& placements,
            std::map<std::string, int> pool, absl::Time run_start, absl::CivilDay today,
            uint64_t seed)
      : talent_(talent),
        placements_(placements),
        pool_(std::move(pool)),
        run_start_(run_start),
        today_(today),
        seed_(seed) {}

  // One client: a hire for the first of `roles` (its roles, created) that has one or can
  // have one, then its placement and check-ins.
  void Run(const std::vector<const PlannedRole*>& roles, const std::string& client,
           const char* display_name, const FollowUpPlan& plan) {
    std::string submission;
    for (const PlannedRole* role : roles) {
      const HireResult hire = Hire(*role);
      if (hire.result == HireResult::kFailed) return;
      if (hire.result == HireResult::kHired) {
        submission = hire.submission;
        break;
      }
    }
    if (submission.empty()) {
      notes.push_back(absl::StrCat("no hire at ", display_name, ": no role of it has a match"));
      return;
    }
    const std::optional<placement::Placement> placed = Place(submission, client, plan);
    if (!placed) return;
    if (placed->state() == placement::Placement::ENDED) return;  // ended by hand since
    RecordCheckIns(placed->name(), plan);
  }

  Tally hire_tally;
  Tally placement_tally;
  Tally check_in_tally;
  std::vector<std::string> errors;
  std::vector<std::string> notes;

 private:
  struct HireResult {
    enum { kHired, kNone, kFailed } result;
    std::string submission;
  };

  HireResult Fail(std::string error) {
    errors.push_back(std::move(error));
    ++hire_tally.failed;
    return {HireResult::kFailed, ""};
  }

  HireResult Hire(const PlannedRole& role) {
    const std::string& parent = role.outcome.name;
    // What the role's pipeline holds already.
    std::optional<talent::Submission> open;
    std::set<std::string> involved;
    talent::ListSubmissionsRequest list;
    list.set_parent(parent);
    list.set_page_size(1000);
    do {
      talent::ListSubmissionsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_.ListSubmissions(context, list, &response);
      });
      if (!status.ok()) {
        return Fail(absl::StrCat("ListSubmissions ", parent, ": ", Describe(status)));
      }
      for (const talent::Submission& submission : response.submissions()) {
        involved.insert(submission.candidate());
        const bool by_demo =
            !submission.history().empty() && submission.history(0).actor() == kActor;
        if (!by_demo) continue;
        if (submission.stage() == talent::Submission::HIRED) {
          hire_tally.Count({Result::kAlreadyThere, submission.name(), ""});
          return {HireResult::kHired, submission.name()};
        }
        if (IsOpenStage(submission.stage()) && !open) {
          open = submission;
        }
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());

    if (!open) {
      // The matching candidate of this pool with the lowest index.
      std::optional<int> best;
      std::string candidate;
      talent::SearchCandidatesRequest search;
      search.set_role(parent);
      search.set_page_size(200);
      do {
        talent::SearchCandidatesResponse response;
        const grpc::Status status = Call([&](grpc::ClientContext* context) {
          return talent_.SearchCandidates(context, search, &response);
        });
        if (!status.ok()) {
          return Fail(absl::StrCat("SearchCandidates ", parent, ": ", Describe(status)));
        }
        for (const talent::CandidateMatch& match : response.matches()) {
          const std::string& name = match.candidate().name();
          const auto index = pool_.find(name);
          if (index == pool_.end() || involved.count(name) > 0 || taken_.count(name) > 0 ||
              match.in_other_process() ||
              match.candidate().state() != talent::Candidate::AVAILABLE) {
            continue;
          }
          if (!best || index->second < *best) {
            best = index->second;
            candidate = name;
          }
        }
        search.set_page_token(response.next_page_token());
      } while (!search.page_token().empty());
      if (!best) return {HireResult::kNone, ""};

      talent::CreateSubmissionRequest create;
      create.set_parent(parent);
      create.mutable_submission()->set_candidate(candidate);
      create.set_actor(kActor);
      create.set_request_id(
          absl::StrCat(role.request.request_id(), "-hire-", seed_, "-candidate-", *best));
      talent::Submission created;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_.CreateSubmission(context, create, &created);
      });
      if (!status.ok()) {
        if (ErrorReason(status) == common::ErrorReason_Name(common::ROLE_NOT_OPEN)) {
          notes.push_back(
              absl::StrCat("no hire for ", role.spec->title, ": ", status.error_message()));
          return {HireResult::kNone, ""};
        }
        return Fail(absl::StrCat("CreateSubmission ", parent, ": ", Describe(status)));
      }
      open = created;
    }
    taken_.insert(open->candidate());

    // SOURCED -> SHORTLISTED -> CLIENT_INTERVIEW -> OFFER -> HIRED, from where it is.
    static constexpr std::pair<talent::Submission::Stage, const char*> kSteps[] = {
        {talent::Submission::SHORTLISTED,
         "Shortlisted: meets every requirement, with the overlap the client asks for."},
        {talent::Submission::CLIENT_INTERVIEW,
         "Technical interview and a system-design conversation with the hiring manager."},
        {talent::Submission::OFFER, "The client made an offer at the candidate's rate."},
        {talent::Submission::HIRED, "Offer accepted; start date agreed."},
    };
    for (const auto& [stage, note] : kSteps) {
      if (stage <= open->stage()) continue;
      talent::AdvanceSubmissionRequest advance;
      advance.set_name(open->name());
      advance.set_stage(stage);
      advance.set_actor(kActor);
      advance.set_note(note);
      talent::Submission moved;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return talent_.AdvanceSubmission(context, advance, &moved);
      });
      if (status.ok()) continue;
      // Already moved on (a retried call, or another run at the same time).
      talent::Submission::Stage from = talent::Submission::STAGE_UNSPECIFIED;
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
          ErrorReason(status) == common::ErrorReason_Name(common::ILLEGAL_STATE_TRANSITION) &&
          talent::Submission::Stage_Parse(ErrorMetadata(status, "from"), &from) &&
          (from == talent::Submission::HIRED || (IsOpenStage(from) && from >= stage))) {
        if (from == talent::Submission::HIRED) {
          hire_tally.Count({Result::kAlreadyThere, open->name(), ""});
          return {HireResult::kHired, open->name()};
        }
        continue;
      }
      return Fail(absl::StrCat("AdvanceSubmission ", open->name(), " to ",
                               talent::Submission::Stage_Name(stage), ": ", Describe(status)));
    }
    hire_tally.Count({Result::kCreated, open->name(), ""});
    return {HireResult::kHired, open->name()};
  }

  // The placement of `submission`: found, or created.
  std::optional<placement::Placement> FindPlacement(const std::string& submission,
                                                    const std::string& client) {
    placement::ListPlacementsRequest list;
    list.set_filter(absl::StrCat("client = ", client));
    list.set_page_size(1000);
    do {
      placement::ListPlacementsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return placements_.ListPlacements(context, list, &response);
      });
      if (!status.ok()) {
        errors.push_back(absl::StrCat("ListPlacements ", client, ": ", Describe(status)));
        return std::nullopt;
      }
      for (const placement::Placement& placement : response.placements()) {
        if (placement.submission() == submission) return placement;
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    return placement::Placement();  // none: no name
  }

  std::optional<placement::Placement> Place(const std::string& submission,
                                            const std::string& client, const FollowUpPlan& plan) {
    std::optional<placement::Placement> found = FindPlacement(submission, client);
    if (!found) return std::nullopt;
    if (!found->name().empty()) {
      placement_tally.Count({Result::kAlreadyThere, found->name(), ""});
      return found;
    }
    const absl::CivilDay start = today_ - plan.start_days_ago;
    placement::CreatePlacementRequest create;
    create.set_submission(submission);
    *create.mutable_start_date() = ToDate(start);
    *create.mutable_trial_end() = ToDate(start + 30);
    create.set_request_id(absl::StrCat("demo-placement-", LastId(submission)));
    placement::Placement created;
    const grpc::Status status = Call([&](grpc::ClientContext* context) {
      return placements_.CreatePlacement(context, create, &created);
    });
    if (status.ok()) {
      placement_tally.Count(
          {ToTime(created.create_time()) < run_start_ ? Result::kAlreadyThere : Result::kCreated,
           created.name(), ""});
      return created;
    }
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS || RequestIdUsedBefore(status)) {
      // Created meanwhile by another run: look again.
      found = FindPlacement(submission, client);
      if (found && !found->name().empty()) {
        placement_tally.Count({Result::kAlreadyThere, found->name(), ""});
        return found;
      }
    }
    errors.push_back(absl::StrCat("CreatePlacement ", submission, ": ", Describe(status)));
    ++placement_tally.failed;
    return std::nullopt;
  }

  // The check-ins of `placement` in due order, or nullopt when the call failed.
  std::optional<std::vector<placement::CheckIn>> CheckInsOf(const std::string& placement) {
    std::vector<placement::CheckIn> check_ins;
    placement::ListCheckInsRequest list;
    list.set_parent(placement);
    list.set_page_size(1000);
    do {
      placement::ListCheckInsResponse response;
      const grpc::Status status = Call([&](grpc::ClientContext* context) {
        return placements_.ListCheckIns(context, list, &response);
      });
      if (!status.ok()) {
        errors.push_back(absl::StrCat("ListCheckIns ", placement, ": ", Describe(status)));
        ++check_in_tally.failed;
        return std::nullopt;
      }
      check_ins.insert(check_ins.end(), response.check_ins().begin(), response.check_ins().end());
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    return check_ins;
  }

  void RecordCheckIns(const std::string& placement, const FollowUpPlan& plan) {
    const absl::Time now = absl::Now();
    std::set<std::string> recorded;       // by this run
    std::set<std::string> already_there;  // recorded before
    // Recording the last pending check-in schedules the next one, which may be past too:
    // again until nothing is left to record.
    bool progress = true;
    for (int round = 0; progress && round < 50; ++round) {
      progress = false;
      const std::optional<std::vector<placement::CheckIn>> check_ins = CheckInsOf(placement);
      if (!check_ins) break;
      for (size_t n = 0; n < check_ins->size(); ++n) {
        const placement::CheckIn& check_in = (*check_ins)[n];
        if (ToTime(check_in.due_time()) >= now) continue;
        if (check_in.has_completed_time()) {
          if (recorded.count(check_in.name()) == 0) already_there.insert(check_in.name());
          continue;
        }
        if (static_cast<int>(n) == plan.unrecorded) continue;
        const CheckInNote& note = n < plan.notes.size() ? plan.notes[n] : SteadyNote();
        placement::RecordCheckInRequest record;
        record.set_name(check_in.name());
        record.set_client_rating(note.client_rating);
        record.set_candidate_rating(note.candidate_rating);
        for (placement::Concern concern : note.concerns) record.add_concerns(concern);
        record.set_notes(note.notes);
        record.set_next_steps(note.next_steps);
        placement::CheckIn response;
        const grpc::Status status = Call([&](grpc::ClientContext* context) {
          return placements_.RecordCheckIn(context, record, &response);
        });
        if (status.ok()) {
          recorded.insert(check_in.name());
          progress = true;
        } else if (ErrorReason(status) == common::ErrorReason_Name(common::CHECK_IN_RECORDED)) {
          already_there.insert(check_in.name());
        } else {
          errors.push_back(absl::StrCat("RecordCheckIn ", check_in.name(), ": ", Describe(status)));
          ++check_in_tally.failed;
          progress = false;
          break;
        }
      }
    }
    check_in_tally.created += static_cast<int>(recorded.size());
    check_in_tally.already_there += static_cast<int>(already_there.size());
  }

  talent::TalentService::Stub& talent_;
  placement::PlacementService::Stub& placements_;
  const std::map<std::string, int> pool_;  // candidate name -> index in this loader's pool
  const absl::Time run_start_;
  const absl::CivilDay today_;
  const uint64_t seed_;
  std::set<std::string> taken_;  // hired (or being hired) in this run
};

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "loads demo data (a worldwide talent pool, clients, roles, hires and their follow-up) "
      "into a running Meridian.\n"
      "  meridian_demo_data --candidates=3000 --seed=42");
  const std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) return Usage(absl::StrCat("unexpected argument ", rest[1]));
  const int count = absl::GetFlag(FLAGS_candidates);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  if (count < 0 || count > kMaxCandidates) {
    return Usage(absl::StrCat("--candidates must be between 0 and ", kMaxCandidates));
  }
  if (concurrency < 1 || concurrency > 64) return Usage("--concurrency must be between 1 and 64");

  // Everything is generated before anything is sent.
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  std::vector<intake::CreateClientRequest> clients;
  std::vector<PlannedRole> roles;
  for (size_t c = 0; c < Clients().size(); ++c) {
    clients.push_back(MakeClient(Clients()[c], c));
    for (size_t r = 0; r < Clients()[c].roles.size(); ++r) {
      roles.push_back({c, &Clients()[c].roles[r], MakeRole(Clients()[c].roles[r], c, r), {}});
    }
  }
  std::vector<talent::CreateCandidateRequest> candidates;
  candidates.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) candidates.push_back(MakeCandidate(seed, i, today));

  if (absl::GetFlag(FLAGS_dry_run)) {
    for (const auto& request : clients) std::printf("%s\n", ToJson(request).c_str());
    for (auto role : roles) {
      role.request.set_parent(absl::StrCat("clients/<demo-client-", role.client, ">"));
      std::printf("%s\n", ToJson(role.request).c_str());
    }
    for (const auto& request : candidates) std::printf("%s\n", ToJson(request).c_str());
    return 0;
  }

  const std::string intake_address = absl::GetFlag(FLAGS_intake_address);
  const std::string talent_address = absl::GetFlag(FLAGS_talent_address);
  const std::string placement_address = absl::GetFlag(FLAGS_placement_address);
  // Hires need candidates; an empty address leaves them out.
  const bool follow_up = count > 0 && !placement_address.empty();
  const auto intake_channel =
      grpc::CreateChannel(intake_address, grpc::InsecureChannelCredentials());
  const auto talent_channel =
      grpc::CreateChannel(talent_address, grpc::InsecureChannelCredentials());
  const auto placement_channel =
      follow_up ? grpc::CreateChannel(placement_address, grpc::InsecureChannelCredentials())
                : nullptr;
  if (!Connect(intake_channel, "intake", intake_address)) return 1;
  if (count > 0 && !Connect(talent_channel, "talent", talent_address)) return 1;
  if (follow_up && !Connect(placement_channel, "placement", placement_address)) return 1;
  const auto intake_stub = intake::IntakeService::NewStub(intake_channel);
  const auto talent_stub = talent::TalentService::NewStub(talent_channel);
  const auto placement_stub =
      follow_up ? placement::PlacementService::NewStub(placement_channel) : nullptr;

  const absl::Time run_start = absl::Now();
  std::vector<std::string> errors;

  // Clients, then their roles: few, one at a time.
  Tally client_tally;
  std::vector<Outcome> client_outcomes;
  for (const auto& request : clients) {
    Outcome outcome = Send<intake::Client>(run_start, [&](auto* context, auto* response) {
      return intake_stub->CreateClient(context, request, response);
    });
    if (outcome.result == Result::kAlreadyThere && outcome.name.empty()) {
      outcome = {Result::kFailed, "", "the client's request_id served a different request"};
    }
    if (outcome.result == Result::kFailed) {
      errors.push_back(
          absl::StrCat("CreateClient ", request.client().display_name(), ": ", outcome.error));
    }
    client_tally.Count(outcome);
    client_outcomes.push_back(std::move(outcome));
  }
  Tally role_tally;
  for (PlannedRole& role : roles) {
    const std::string& parent = client_outcomes[role.client].name;
    if (parent.empty()) {
      role.outcome = {Result::kFailed, "", "its client is missing"};
    } else {
      role.request.set_parent(parent);
      role.outcome = Send<intake::Role>(run_start, [&](auto* context, auto* response) {
        return intake_stub->CreateRole(context, role.request, response);
      });
    }
    if (role.outcome.result == Result::kFailed) {
      errors.push_back(absl::StrCat("CreateRole ", role.spec->title, ": ", role.outcome.error));
    }
    role_tally.Count(role.outcome);
  }

  // Candidates, `concurrency` calls at a time. Each thread takes the next index; what is
  // sent does not depend on which thread sends it.
  std::vector<Outcome> outcomes(candidates.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < candidates.size(); i = next++) {
        outcomes[i] = Send<talent::Candidate>(run_start, [&](auto* context, auto* response) {
          return talent_stub->CreateCandidate(context, candidates[i], response);
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  Tally candidate_tally;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    candidate_tally.Count(outcomes[i]);
    if (outcomes[i].result == Result::kFailed) {
      errors.push_back(
          absl::StrCat("CreateCandidate ", candidates[i].request_id(), ": ", outcomes[i].error));
    }
  }

  // Hires and their follow-up, one per client, from this run's pool.
  std::optional<FollowUps> follow_ups;
  if (follow_up) {
    std::map<std::string, int> pool;  // candidate name -> index
    bool all_named = true;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].name.empty()) {
        all_named = false;
      } else {
        pool[outcomes[i].name] = static_cast<int>(i);
      }
    }
    if (!all_named) {
      // A candidate an earlier run created from another request (another day's dates) comes
      // back without its name: find it by its email.
      std::map<std::string, int> by_email;
      for (size_t i = 0; i < candidates.size(); ++i) {
        by_email[candidates[i].candidate().email()] = static_cast<int>(i);
      }
      talent::ListCandidatesRequest list;
      list.set_page_size(1000);
      do {
        talent::ListCandidatesResponse response;
        const grpc::Status status = Call([&](grpc::ClientContext* context) {
          return talent_stub->ListCandidates(context, list, &response);
        });
        if (!status.ok()) {
          errors.push_back(absl::StrCat("ListCandidates: ", Describe(status)));
          break;
        }
        for (const talent::Candidate& candidate : response.candidates()) {
          const auto found = by_email.find(candidate.email());
          if (found != by_email.end()) pool[candidate.name()] = found->second;
        }
        list.set_page_token(response.next_page_token());
      } while (!list.page_token().empty());
    }
    if (candidate_tally.created > 0) WaitForSearchIndex(*talent_stub);
    follow_ups.emplace(*talent_stub, *placement_stub, std::move(pool), run_start, today, seed);
    for (size_t c = 0; c < Clients().size() && c < FollowUpPlans().size(); ++c) {
      if (client_outcomes[c].name.empty()) continue;
      std::vector<const PlannedRole*> client_roles;
      for (const PlannedRole& role : roles) {
        if (role.client == c && !role.outcome.name.empty()) client_roles.push_back(&role);
      }
      follow_ups->Run(client_roles, client_outcomes[c].name, Clients()[c].display_name,
                      FollowUpPlans()[c]);
    }
    errors.insert(errors.end(), follow_ups->errors.begin(), follow_ups->errors.end());
  }
  const absl::Duration elapsed = absl::Now() - run_start;

  if (follow_up) {
    std::printf("Demo data (seed %llu) in intake at %s, talent at %s and placement at %s:\n",
                static_cast<unsigned long long>(seed), intake_address.c_str(),
                talent_address.c_str(), placement_address.c_str());
  } else {
    std::printf("Demo data (seed %llu) in intake at %s and talent at %s:\n",
                static_cast<unsigned long long>(seed), intake_address.c_str(),
                talent_address.c_str());
  }
  const auto line = [](const char* what, const Tally& tally, const char* done = "created") {
    std::printf("  %-11s %5d %s, %5d already there, %d failed\n", what, tally.created, done,
                tally.already_there, tally.failed);
  };
  line("clients", client_tally);
  line("roles", role_tally);
  line("candidates", candidate_tally);
  if (follow_ups) {
    line("hires", follow_ups->hire_tally);
    line("placements", follow_ups->placement_tally);
    line("check-ins", follow_ups->check_in_tally, "recorded");
    int at_risk = -1;
    int past_due = -1;
    // What the follow-up team sees now.
    placement::ListPlacementsRequest risky;
    risky.set_filter("at_risk = true");
    risky.set_page_size(1000);
    placement::ListPlacementsResponse risky_response;
    if (Call([&](grpc::ClientContext* context) {
          return placement_stub->ListPlacements(context, risky, &risky_response);
        }).ok()) {
      at_risk = risky_response.placements_size();
    }
    placement::ListCheckInsRequest agenda;
    agenda.set_parent("placements/-");
    agenda.set_filter("overdue = true");
    agenda.set_page_size(1000);
    placement::ListCheckInsResponse agenda_response;
    if (Call([&](grpc::ClientContext* context) {
          return placement_stub->ListCheckIns(context, agenda, &agenda_response);
        }).ok()) {
      past_due = agenda_response.check_ins_size();
    }
    if (at_risk >= 0 && past_due >= 0) {
      std::printf("  follow-up   %d placements at risk, %d check-ins past due\n", at_risk,
                  past_due);
    }
    for (const std::string& note : follow_ups->notes) std::printf("  note: %s\n", note.c_str());
  }
  std::printf("  elapsed     %.1f s\n", absl::ToDoubleSeconds(elapsed));

  // What to try next, with the roles that came out of this run.
  std::vector<const PlannedRole*> ready;
  for (const PlannedRole& role : roles) {
    if (!role.outcome.name.empty()) ready.push_back(&role);
  }
  if (!ready.empty()) {
    std::printf("\nTry:\n");
    const auto search = [](const PlannedRole& role) {
      std::printf("  # %s at %s: the best matches, with the reasons behind each score\n",
                  role.spec->title, Clients()[role.client].display_name);
      std::printf(
          "  ./meridian call talent SearchCandidates '{\"role\": \"%s\", \"page_size\": 5}'\n",
          role.outcome.name.c_str());
    };
    // The first role, and the first of another client (another time zone, another currency).
    search(*ready.front());
    for (const PlannedRole* role : ready) {
      if (role->client != ready.front()->client) {
        search(*role);
        break;
      }
    }
    std::printf("  # every role of every client, with the kind recommended from the answers\n");
    std::printf("  ./meridian call intake ListRoles '{\"parent\": \"clients/-\"}'\n");
  }
  if (follow_ups &&
      follow_ups->placement_tally.created + follow_ups->placement_tally.already_there > 0) {
    std::printf("  # placements at risk, with the reasons (overdue check-ins, low ratings)\n");
    std::printf("  ./meridian call placement ListPlacements '{\"filter\": \"at_risk = true\"}'\n");
    std::printf("  # the follow-up agenda: check-ins past their due time, oldest first\n");
    std::printf(
        "  ./meridian call placement ListCheckIns '{\"parent\": \"placements/-\", "
        "\"filter\": \"overdue = true\"}'\n");
  }
  std::fflush(stdout);

  if (!errors.empty()) {
    std::fprintf(stderr, "\n%zu calls failed; the first:\n", errors.size());
    for (size_t i = 0; i < errors.size() && i < kErrorsShown; ++i) {
      std::fprintf(stderr, "  %s\n", errors[i].c_str());
    }
    return 1;
  }
  return 0;
}
