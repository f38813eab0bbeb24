// Fuzzing (e), the JSON API's reading endpoints: 2,000 generated requests each (see support/api-fuzz.ts).
import { useTestDatabase } from "../support/db";
import { fuzzApi } from "./support/api-fuzz";

useTestDatabase();
fuzzApi([
  "GET /api/v1/tickets",
  "GET /api/v1/tickets/{reference}",
  "GET /api/v1/sla/deadlines",
  "GET /api/v1/reports/sla",
  "any other /api path",
  "nothing damaged was stored",
]);
