#include "reply_record.hpp"

#include <doctest/doctest.h>

using namespace replylint;

TEST_CASE("a record gives the reply with its context fields") {
  Reply r;
  std::string error;
  REQUIRE(parse_reply_line(
      R"({"id": 7, "text": "Ik bel u morgen.", "customer": "Waar is 48213?", "lang": "nl",
          "agent": "sanne", "channel": "twitter", "sent_at": "2026-03-02T09:14:00",
          "thread": [{"role": "customer", "text": "Hallo?"}, {"role": "agent", "text": "Hoi!"}]})",
      r, error));
  CHECK(r.id == "7");
  CHECK(r.text == "Ik bel u morgen.");
  CHECK(r.customer == "Waar is 48213?");
  CHECK(r.lang == "nl");
  CHECK(r.agent == "sanne");
  CHECK(r.channel == "twitter");
  CHECK(r.sent_at == "2026-03-02T09:14:00");
  REQUIRE(r.thread.size() == 2);
  CHECK(r.thread[1].role == "agent");
  CHECK(r.thread[1].text == "Hoi!");
}

TEST_CASE("a bad record says what is wrong") {
  Reply r;
  std::string error;
  CHECK_FALSE(parse_reply_line("{\"id\": \"x\"}", r, error));
  CHECK(error == "missing \"reply\" (or \"text\")");
  CHECK_FALSE(parse_reply_line("{\"reply\": 5}", r, error));
  CHECK(error == "\"reply\" must be a string");
  CHECK_FALSE(parse_reply_line("{\"reply\": \"a\", \"lang\": 1}", r, error));
  CHECK(error == "\"lang\" must be a string");
  CHECK_FALSE(parse_reply_line("{\"reply\": \"a\", \"id\": [1]}", r, error));
  CHECK(error == "\"id\" must be a string or an integer");
  CHECK_FALSE(parse_reply_line("{\"reply\": \"a\", \"thread\": [{\"text\": \"b\"}]}", r, error));
  CHECK(error == "\"thread\"[0].role must be \"customer\" or \"agent\"");
  CHECK_FALSE(parse_reply_line("[1, 2]", r, error));
  CHECK(error == "a record must be a JSON object");
  CHECK_FALSE(parse_reply_line("{\"reply\": ", r, error));
  CHECK(error.rfind("invalid JSON: ", 0) == 0);
}
