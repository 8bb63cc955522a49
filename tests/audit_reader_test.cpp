// The audit's readers: JSON Lines and CSV record splitting with line numbers,
// gzip input, bad records as error records, and --field maps.
#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/byte_source.hpp"
#include "audit/csv_reader.hpp"
#include "audit/field_map.hpp"
#include "audit/record_reader.hpp"
#include "audit/time_bucket.hpp"
#include "audit_test_support.hpp"

using namespace replylint::audit;
using replylint::audit_test::temp_path;
using replylint::audit_test::write_gzip;

namespace {

std::vector<RawRecord> read_all(const std::string& data, InputFormat format) {
  std::istringstream in(data);
  ByteSource source("-", in);
  auto reader = make_reader(format, source);
  std::vector<RawRecord> out;
  RawRecord r;
  while (reader->next(r)) out.push_back(r);
  return out;
}

std::string read_bytes(ByteSource& source) {
  std::string out;
  char buf[7];  // small reads cross every boundary
  for (size_t n; (n = source.read(buf, sizeof buf)) > 0;) out.append(buf, n);
  return out;
}

}  // namespace

TEST_CASE("audit jsonl reader gives every line with its number") {
  const auto records =
      read_all("\xEF\xBB\xBF{\"reply\": \"a\"}\r\n\n   \n{\"reply\": \"b\"}\n{\"reply\": \"c\"}",
               InputFormat::jsonl);
  REQUIRE(records.size() == 5);
  CHECK(records[0].line == 1);
  CHECK(records[0].text == "{\"reply\": \"a\"}");  // BOM and CR gone
  CHECK(records[0].error.empty());
  CHECK(records[1].error == "empty line");
  CHECK(records[2].error == "empty line");
  CHECK(records[3].line == 4);
  CHECK(records[4].line == 5);
  CHECK(records[4].text == "{\"reply\": \"c\"}");  // no final newline
}

TEST_CASE("audit jsonl reader refuses an overlong line and goes on") {
  std::string data(kMaxRecordBytes + 10, 'x');
  data += "\n{\"reply\": \"ok\"}\n";
  const auto records = read_all(data, InputFormat::jsonl);
  REQUIRE(records.size() == 2);
  CHECK(records[0].error.find("longer than") != std::string::npos);
  CHECK(records[0].text.empty());
  CHECK(records[1].line == 2);
  CHECK(records[1].text == "{\"reply\": \"ok\"}");
}

TEST_CASE("audit csv reader handles quoted multi-line fields and doubled quotes") {
  const std::string data =
      "id,reply,agent\r\n"
      "1,\"Line one\r\nline two, with comma\",Sam\r\n"
      "2,\"She said \"\"soon\"\"\",Kim\r\n"
      "3,plain,\r\n";
  std::istringstream in(data);
  ByteSource source("-", in);
  CsvReader reader(source);
  CHECK(reader.delimiter() == ',');
  CHECK(reader.header() == std::vector<std::string>{"id", "reply", "agent"});
  RawRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.line == 2);
  CHECK(r.fields == std::vector<std::string>{"1", "Line one\r\nline two, with comma", "Sam"});
  REQUIRE(reader.next(r));
  CHECK(r.line == 4);  // the record before spanned two lines
  CHECK(r.fields[1] == "She said \"soon\"");
  REQUIRE(reader.next(r));
  CHECK(r.line == 5);
  CHECK(r.fields == std::vector<std::string>{"3", "plain", ""});
  CHECK(r.error.empty());
  CHECK_FALSE(reader.next(r));
}

TEST_CASE("audit csv reader sniffs semicolons and reports bad rows") {
  const auto path = std::string(REPLYLINT_SOURCE_DIR) + "/tests/fixtures/audit/export.csv";
  std::istringstream dummy;
  ByteSource source(path, dummy);
  CsvReader reader(source);
  CHECK(reader.delimiter() == ';');
  CHECK(reader.header().size() == 5);
  std::vector<RawRecord> rows;
  RawRecord r;
  while (reader.next(r)) rows.push_back(r);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].fields[3] == "Sorry for the inconvenience.\nPlease contact the seller.");
  CHECK(rows[1].line == 4);
  CHECK(rows[1].fields[2] == "Hij zei \"morgen\", maar niets");
  CHECK(rows[2].line == 5);
  CHECK(rows[2].error == "expected 5 fields (as in the header), found 6");
  CHECK(rows[3].line == 6);
  CHECK(rows[3].fields[2] == "Tweede\nregel\nderde");
  CHECK(rows[3].error.empty());
}

TEST_CASE("audit csv reader: unterminated quote, stray text after a quote, blank line") {
  const auto rows = read_all("id,reply\n1,\"ok\"x\n\n2,\"never closed\nmore\n", InputFormat::csv);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].error.find("after a closing quote") != std::string::npos);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].error == "empty line");
  CHECK(rows[2].line == 4);
  CHECK(rows[2].error.find("unterminated quoted field") != std::string::npos);
  CHECK(rows[2].error.find("line 4") != std::string::npos);
}

TEST_CASE("audit byte source reads gzip, also concatenated members, by its magic") {
  const std::string a = "{\"reply\": \"first\"}\n", b = "{\"reply\": \"second\"}\n";
  const std::string path = temp_path("concat.jsonl.gz");
  write_gzip(path, a, false);
  write_gzip(path, b, true);  // a second gzip member appended
  std::istringstream dummy;
  ByteSource source(path, dummy);
  CHECK(source.compressed());
  CHECK(read_bytes(source) == a + b);
  CHECK(source.size().has_value());
  CHECK(source.consumed() == *source.size());

  // Without the .gz name, and from stdin: the magic decides.
  std::ifstream file(path, std::ios::binary);
  std::stringstream raw;
  raw << file.rdbuf();
  std::istringstream in(raw.str());
  ByteSource from_stdin("-", in);
  CHECK(from_stdin.compressed());
  CHECK(read_bytes(from_stdin) == a + b);
  std::filesystem::remove(path);
}

TEST_CASE("audit byte source: plain input passes through, a truncated gzip is an error") {
  std::istringstream plain("x");  // shorter than the magic
  ByteSource tiny("-", plain);
  CHECK_FALSE(tiny.compressed());
  CHECK(read_bytes(tiny) == "x");

  const std::string path = temp_path("truncated.gz");
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"reply\": \"line " + std::to_string(i) + "\"}\n";
  write_gzip(path, text, false);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  std::istringstream dummy;
  ByteSource source(path, dummy);
  CHECK_THROWS_WITH_AS(read_bytes(source), doctest::Contains("truncated gzip"), InputError);
  std::filesystem::remove(path);

  CHECK_THROWS_AS(ByteSource("/nonexistent/x.jsonl", dummy), InputError);
}

TEST_CASE("audit field map renames JSON fields and reads nested ones") {
  const FieldMap map = FieldMap::parse({"reply=body,customer=question", " agent = user.name "});
  nlohmann::json record = nlohmann::json::parse(
      R"({"id": 1, "body": "Hi", "question": "Why?", "user": {"name": "Sam"}})");
  map.apply(record);
  CHECK(record["reply"] == "Hi");
  CHECK(record["customer"] == "Why?");
  CHECK(record["agent"] == "Sam");
  CHECK_FALSE(record.contains("body"));
  CHECK(record_id(record) == "1");

  CHECK_THROWS_WITH(FieldMap::parse({"replies=text"}),
                    doctest::Contains("unknown field \"replies\""));
  CHECK_THROWS_WITH(FieldMap::parse({"reply"}), doctest::Contains("expected FIELD=NAME"));
  CHECK_THROWS_WITH(FieldMap::parse({"reply=a,reply=b"}), doctest::Contains("mapped twice"));
  CHECK(FieldMap::parse({}).empty());
}

TEST_CASE("audit csv columns follow the map and default text to reply") {
  const FieldMap none = FieldMap::parse({});
  CsvColumns columns({"id", "text", "agent"}, none);
  nlohmann::json record;
  std::string error;
  REQUIRE(columns.to_record({"7", "Hello", ""}, record, error));
  CHECK(record["reply"] == "Hello");
  CHECK(record["id"] == "7");
  CHECK_FALSE(record.contains("agent"));  // empty cell: absent

  const FieldMap map = FieldMap::parse({"reply=antwoord,customer=vraag"});
  CHECK_THROWS_WITH(CsvColumns({"id", "antwoord"}, map), doctest::Contains("no column \"vraag\""));
  CHECK_THROWS_WITH(CsvColumns({"id", "body"}, none), doctest::Contains("no \"reply\""));

  CsvColumns threads({"reply", "thread"}, none);
  CHECK_FALSE(threads.to_record({"Hi", "not json"}, record, error));
  CHECK(error.find("thread") != std::string::npos);
}

TEST_CASE("audit dates: the forms exports use, and periods") {
  CHECK(parse_day("2015-Oct-1") == days_from_civil(2015, 10, 1));
  CHECK(parse_day("2020-05-27 15:38:10") == days_from_civil(2020, 5, 27));
  CHECK(parse_day("2024-03-05T10:00:00Z") == days_from_civil(2024, 3, 5));
  CHECK(parse_day("05-03-2024 10:00") == days_from_civil(2024, 3, 5));  // day first
  CHECK(parse_day("5 mei 2024") == days_from_civil(2024, 5, 5));
  CHECK(parse_day("Tue, 05 Mar 2024 10:00:00 GMT") == days_from_civil(2024, 3, 5));
  CHECK(parse_day("1709632800") == days_from_civil(2024, 3, 5));
  CHECK_FALSE(parse_day("yesterday").has_value());
  CHECK_FALSE(parse_day("2024-02-30").has_value());
  CHECK(period_key(days_from_civil(2024, 12, 30), Period::week) == "2025-W01");
  CHECK(period_key(days_from_civil(2021, 1, 3), Period::week) == "2020-W53");
  CHECK(period_key(days_from_civil(2020, 5, 27), Period::month) == "2020-05");
  CHECK(iso_date(period_start(days_from_civil(2024, 3, 7), Period::week)) == "2024-03-04");
  CHECK(choose_period(0, 100) == Period::week);
  CHECK(choose_period(0, 400) == Period::month);
}
