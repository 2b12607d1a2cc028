-- Reference data every service reads: canonical skills with their aliases, and exchange
-- rates. Only migrations and the talent service's CreateSkill / exchange-rate RPCs write here.
CREATE SCHEMA shared;

CREATE TABLE shared.skills (
  -- Canonical id: lower case, stable, used in every API ("nodejs", "rest-api-design").
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9.+#-]*$'),
  display_name text NOT NULL,
  category text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);

-- Every spelling people use for a skill, normalised (lower case, trimmed, single spaces):
-- "node", "nodejs" and "node.js" all lead to nodejs.
CREATE TABLE shared.skill_aliases (
  alias text PRIMARY KEY CHECK (alias = lower(btrim(alias)) AND alias <> ''),
  skill_id text NOT NULL REFERENCES shared.skills (id)
);
CREATE INDEX skill_aliases_skill ON shared.skill_aliases (skill_id);

INSERT INTO shared.skills (id, display_name, category) VALUES
  ('php', 'PHP', 'language'),
  ('python', 'Python', 'language'),
  ('ruby', 'Ruby', 'language'),
  ('java', 'Java', 'language'),
  ('dotnet', '.NET', 'platform'),
  ('csharp', 'C#', 'language'),
  ('javascript', 'JavaScript', 'language'),
  ('typescript', 'TypeScript', 'language'),
  ('nodejs', 'Node.js', 'platform'),
  ('html5', 'HTML5', 'frontend'),
  ('css3', 'CSS3', 'frontend'),
  ('sass', 'Sass', 'frontend'),
  ('less', 'Less', 'frontend'),
  ('jquery', 'jQuery', 'frontend'),
  ('react', 'React', 'frontend'),
  ('vue', 'Vue', 'frontend'),
  ('angular', 'Angular', 'frontend'),
  ('go', 'Go', 'language'),
  ('rust', 'Rust', 'language'),
  ('cpp', 'C++', 'language'),
  ('kotlin', 'Kotlin', 'language'),
  ('scala', 'Scala', 'language'),
  ('sql', 'SQL', 'data'),
  ('postgresql', 'PostgreSQL', 'data'),
  ('mysql', 'MySQL', 'data'),
  ('mongodb', 'MongoDB', 'data'),
  ('redis', 'Redis', 'data'),
  ('kafka', 'Kafka', 'data'),
  ('docker', 'Docker', 'infrastructure'),
  ('kubernetes', 'Kubernetes', 'infrastructure'),
  ('aws', 'AWS', 'cloud'),
  ('gcp', 'Google Cloud', 'cloud'),
  ('azure', 'Azure', 'cloud'),
  ('grpc', 'gRPC', 'api'),
  ('graphql', 'GraphQL', 'api'),
  ('rest-api-design', 'REST API design', 'api'),
  ('microservices', 'Microservices', 'architecture'),
  ('oop-software-design', 'OOP and software design', 'architecture'),
  ('accessibility', 'Accessibility', 'frontend');

-- Each skill answers to its id and its display name...
INSERT INTO shared.skill_aliases (alias, skill_id)
  SELECT id, id FROM shared.skills
  UNION
  SELECT lower(display_name), id FROM shared.skills
  ON CONFLICT DO NOTHING;

-- ...and to the other names people write.
INSERT INTO shared.skill_aliases (alias, skill_id) VALUES
  ('node', 'nodejs'), ('node js', 'nodejs'), ('node-js', 'nodejs'),
  ('js', 'javascript'), ('es2015+', 'javascript'), ('es6', 'javascript'),
  ('ecmascript', 'javascript'), ('vanilla js', 'javascript'),
  ('ts', 'typescript'),
  ('reactjs', 'react'), ('react.js', 'react'), ('react js', 'react'),
  ('vuejs', 'vue'), ('vue.js', 'vue'),
  ('angularjs', 'angular'), ('angular.js', 'angular'),
  ('postgres', 'postgresql'), ('psql', 'postgresql'), ('pg', 'postgresql'),
  ('dotnet', 'dotnet'), ('.net core', 'dotnet'), ('asp.net', 'dotnet'), ('dotnet core', 'dotnet'),
  ('c#', 'csharp'), ('c sharp', 'csharp'),
  ('golang', 'go'),
  ('c++', 'cpp'), ('cplusplus', 'cpp'),
  ('html', 'html5'), ('css', 'css3'), ('scss', 'sass'),
  ('mongo', 'mongodb'),
  ('apache kafka', 'kafka'),
  ('k8s', 'kubernetes'),
  ('amazon web services', 'aws'),
  ('google cloud platform', 'gcp'), ('google cloud', 'gcp'),
  ('microsoft azure', 'azure'),
  ('rest', 'rest-api-design'), ('rest api', 'rest-api-design'), ('restful apis', 'rest-api-design'),
  ('api design', 'rest-api-design'),
  ('microservice architecture', 'microservices'),
  ('oop', 'oop-software-design'), ('software design', 'oop-software-design'),
  ('object-oriented programming', 'oop-software-design'),
  ('a11y', 'accessibility'), ('wcag', 'accessibility')
  ON CONFLICT DO NOTHING;

-- What one unit of a currency is worth in US dollars. Seeded with a snapshot; the talent
-- service updates it through its API.
CREATE TABLE shared.exchange_rates (
  currency_code char(3) PRIMARY KEY CHECK (currency_code ~ '^[A-Z]{3}$'),
  usd_per_unit numeric(24, 12) NOT NULL CHECK (usd_per_unit > 0),
  update_time timestamptz NOT NULL DEFAULT now()
);

INSERT INTO shared.exchange_rates (currency_code, usd_per_unit) VALUES
  ('USD', 1), ('EUR', 1.08), ('GBP', 1.27), ('CHF', 1.13), ('CAD', 0.73), ('AUD', 0.66),
  ('NZD', 0.60), ('BRL', 0.20), ('ARS', 0.0011), ('MXN', 0.058), ('COP', 0.00025),
  ('CLP', 0.0011), ('PEN', 0.27), ('UYU', 0.025), ('PLN', 0.25), ('UAH', 0.024),
  ('RON', 0.22), ('CZK', 0.044), ('HUF', 0.0028), ('NGN', 0.00065), ('KES', 0.0077),
  ('ZAR', 0.054), ('EGP', 0.021), ('INR', 0.012), ('NPR', 0.0075), ('PKR', 0.0036),
  ('BDT', 0.0084), ('PHP', 0.018), ('VND', 0.00004), ('IDR', 0.000064), ('THB', 0.028),
  ('MYR', 0.22);
