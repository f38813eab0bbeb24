-- Information-disclosure requests (정보공개 청구, charter): a decision within the policy's period
-- (10 days, once extended by as much), recorded as 공개 / 부분공개 / 비공개 with its reason.
CREATE TABLE "disclosure_requests" (
	"ticket_id" uuid PRIMARY KEY NOT NULL REFERENCES "tickets"("id"),
	"extended_at" timestamp with time zone,
	"extension_reason" text,
	"decision" text,
	"decision_reason" text,
	"objection_guide" text,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid REFERENCES "staff"("id"),
	CONSTRAINT "disclosure_requests_decision_check" CHECK ("decision" IN ('disclosed', 'partial', 'refused'))
);
--> statement-breakpoint
-- A desk that already has its policies gets the shipped disclosure policy (as version 1); a new
-- desk gets it with the others when they are first written.
INSERT INTO "sla_policies" ("key", "version", "name", "description", "channels", "categories", "priority", "targets", "current", "active", "created_by")
SELECT 'information-disclosure', 1, '정보공개 청구',
       '정보공개 청구는 받은 날부터 10일 안에 공개 여부를 결정하고, 부득이한 경우 한 번 10일을 연장하며 그 사유를 기한 전에 알립니다.',
       '{}', '{}', 0,
       '{"disclosure_decision": {"period": {"kind": "calendar_days", "amount": 10}, "warnRatio": 0.75, "warnBeforeMinutes": 60}}'::jsonb,
       true, true, 'system'
WHERE EXISTS (SELECT 1 FROM "sla_policies") AND NOT EXISTS (SELECT 1 FROM "sla_policies" WHERE "key" = 'information-disclosure');
