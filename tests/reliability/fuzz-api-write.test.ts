// Fuzzing (e), the JSON API's writing endpoints: 2,000 generated requests each (see support/api-fuzz.ts).
import { useTestDatabase } from "../support/db";
import { fuzzApi } from "./support/api-fuzz";

useTestDatabase();
fuzzApi(["POST /api/v1/tickets", "POST /api/v1/tickets/{reference}/{action}", "nothing damaged was stored"]);
