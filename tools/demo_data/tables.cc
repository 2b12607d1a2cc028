#include "tools/demo_data/tables.h"

namespace meridian::demo_data {

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

const std::vector<Hours>& StandardHours() {
  static const auto* hours = new std::vector<Hours>{{"09:00", "17:00", 45},
                                                    {"09:00", "18:00", 40},
                                                    {"08:00", "17:00", 10},
                                                    {"10:00", "19:00", 5}};
  return *hours;
}

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

const std::vector<SeniorityOdds>& Seniorities() {
  static const auto* seniorities =
      new std::vector<SeniorityOdds>{{common::JUNIOR, 15, 1, 2, 2},
                                     {common::MID, 35, 3, 5, 3},
                                     {common::SENIOR, 35, 5, 9, 4},
                                     {common::STAFF, 11, 8, 13, 4},
                                     {common::PRINCIPAL, 4, 11, 15, 5}};
  return *seniorities;
}

const std::vector<EnglishOdds>& EnglishLevels() {
  static const auto* levels = new std::vector<EnglishOdds>{
      {talent::A2, 3}, {talent::B1, 15}, {talent::B2, 40}, {talent::C1, 33}, {talent::C2, 9}};
  return *levels;
}

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

}  // namespace meridian::demo_data
