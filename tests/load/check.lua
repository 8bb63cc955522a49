-- wrk script for a load run of POST /v1/check: eight replies from
-- corpus/demo.jsonl (Dutch and English, with the customer's message), in turn.
--   replylint serve --port 8080 --threads 2 &
--   wrk -t2 -c32 -d20s --latency -s tests/load/check.lua http://127.0.0.1:8080/v1/check
local bodies = {
  "{\"id\": \"demo-nl-001\", \"reply\": \"Wat vervelend zeg! Daarvoor moet u bij de webwinkel zijn, zij kunnen een onderzoek starten. Fijne dag!\", \"customer\": \"Mijn pakket staat al drie dagen op 'bezorgd', maar ik heb niks ontvangen. Ordernummer 482913.\"}",
  "{\"id\": \"demo-nl-002\", \"reply\": \"@user Hoi Ilse, ik heb je zending 48213 nagevraagd bij ons depot in Nieuwegein: hij is per ongeluk bij nummer 14 afgeleverd. Onze bezorger haalt hem vandaag op en brengt hem morgen vóór 12 uur bij je. Lukt dat niet, dan bel ik je zelf. Groet, Sanne\", \"customer\": \"@Pakketpunt mijn zending 48213 zou gisteren komen, niemand geweest en nu staat hij op afgeleverd??\"}",
  "{\"id\": \"demo-nl-003\", \"reply\": \"Beste klant, het voorschot wordt automatisch berekend op basis van uw verbruik. Een handmatige aanpassing staat ons systeem helaas niet toe. Bent u het niet eens met de meterstand, dan moet u zelf aantonen dat de stand onjuist is. Met vriendelijke groet, Klantenservice\", \"customer\": \"Mijn voorschot is ineens verdubbeld terwijl ik juist minder verbruik. Dit klopt niet.\"}",
  "{\"id\": \"demo-nl-004\", \"reply\": \"Dag meneer Bakker, u heeft gelijk: bij de jaarafrekening is uw meterstand van 12 maart verkeerd overgenomen. Dat is onze fout. Ik heb de factuur gecorrigeerd en het voorschot teruggezet naar €96 per maand. Het te veel betaalde bedrag van €184 staat uiterlijk vrijdag op uw rekening. Groet, Karim\", \"customer\": \"Jullie hebben mijn meterstand verkeerd overgenomen, de jaarafrekening is 400 euro te hoog.\"}",
  "{\"id\": \"demo-en-001\", \"reply\": \"@user Sorry to hear that. Please follow/DM us your booking reference and we'll check. *JK\", \"customer\": \"@Airline flight cancelled and no one at the desk. What now?\"}",
  "{\"id\": \"demo-en-002\", \"reply\": \"@user Hi Tom, I've found your booking: the 18:05 to Dublin was cancelled because of the strike, and we should have texted you - sorry, that's on us. I've rebooked you on the 07:10 tomorrow, seat 4C, and emailed you a hotel voucher for tonight. *JK\", \"customer\": \"@Airline my 18:05 to Dublin got cancelled and I only found out at the gate. Nobody told me!\"}",
  "{\"id\": \"demo-en-003\", \"reply\": \"Thank you for contacting us. Your ticket has been logged and a member of our team will be in touch within 5 working days. Please do not reply to this email.\", \"customer\": \"My broadband keeps dropping every evening, this is the fourth time I'm reporting it.\"}",
  "{\"id\": \"demo-en-004\", \"reply\": \"Hi Priya, your line has dropped 14 times since Monday - that's not acceptable. I've booked an engineer for Thursday between 8 and 10am and credited £15 to this month's bill. I'll call you on Thursday afternoon to check it's stable. Kind regards, Dan\", \"customer\": \"My broadband keeps dropping every evening, this is the fourth time I'm reporting it.\"}",
}

local next_body = 0

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[next_body])
end
