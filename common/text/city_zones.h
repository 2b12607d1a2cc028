// Cities with their country and IANA zone, from npm's city-timezones (fetched by the build,
// compacted into the binary by city_zones_gen; see tools/protos/proto_tools.cmake), and
// country names with their ISO 3166-1 codes. For reading a stated location: "based in
// Lisbon", "Kraków, Poland".
//
//   std::vector<CityZone> cities = CitiesNamed("lisbon");   // {Lisbon, PT, Europe/Lisbon}
//   CitiesNamed("london")[0].country_code;                  // "GB": the most populous first
//   CountryCodeNamed("poland");                             // "PL"
//   ZonesOfCountry("PT");                                   // Europe/Lisbon, Atlantic/Azores...
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace meridian::text {

// One city of the data set.
struct CityZone {
  absl::string_view name;          // as the data writes it ("Kraków")
  absl::string_view country_code;  // ISO 3166-1 alpha-2 ("PL")
  absl::string_view country;       // the data's country name ("Poland")
  absl::string_view zone;          // IANA ("Europe/Warsaw")
  int64_t population = 0;
};

// The cities called `name` (its own spelling or its ASCII one, in any case, with the marks of
// Latin letters folded: "krakow", "Kraków", "KRAKOW", "Sao Paulo", "São Paulo"; and a few
// other names written by hand: "Bangalore", "Kiev"), the most populous first; empty when none.
std::vector<CityZone> CitiesNamed(absl::string_view name);

// The longest city name in the data, in words: a reader need not try longer runs.
size_t LongestCityNameWords();

// The ISO code of a country named in English ("Portugal", "the Netherlands", "USA", "UK"),
// compared in lower case; nullopt when unknown.
std::optional<std::string> CountryCodeNamed(absl::string_view name);

// The zones of a country's cities in the data, the most populous city's first.
std::vector<std::string> ZonesOfCountry(absl::string_view country_code);

namespace internal {
// The generated rows (city_zones_data.cc).
struct CityRow {
  const char* name;
  const char* ascii_name;
  const char* country_code;
  const char* country;
  const char* zone;
  int64_t population;
};
extern const CityRow kCityRows[];
extern const size_t kCityRowCount;
}  // namespace internal

}  // namespace meridian::text
