-- Remote expert support (원격지원, charter): a session booked within the policy's period from the
-- request, held on its day, its outcome recorded.
CREATE TABLE "remote_sessions" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"ticket_id" uuid NOT NULL REFERENCES "tickets"("id"),
	"problem" text NOT NULL,
	"requested_by_id" uuid REFERENCES "staff"("id"),
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expert_id" uuid REFERENCES "staff"("id"),
	"scheduled_at" timestamp with time zone,
	"join_info" text,
	"outcome" text,
	"outcome_note" text,
	"outcome_at" timestamp with time zone,
	CONSTRAINT "remote_sessions_outcome_check" CHECK ("outcome" IN ('held', 'customer_absent'))
);
--> statement-breakpoint
CREATE INDEX "remote_sessions_ticket_idx" ON "remote_sessions" USING btree ("ticket_id","requested_at");
--> statement-breakpoint
INSERT INTO "sla_policies" ("key", "version", "name", "description", "channels", "categories", "priority", "targets", "current", "active", "created_by")
SELECT 'remote-support', 1, '원격지원',
       '전화나 온라인 상담으로 해결되지 않는 문제는 전문가가 1영업일 안에 연락해 원격지원 일정을 잡고, 약속한 날에 지원합니다.',
       '{}', '{}', 0,
       '{"remote_contact": {"period": {"kind": "days", "amount": 1}, "warnRatio": 0.75, "warnBeforeMinutes": 60}, "remote_session": {"period": null, "warnRatio": 0.75, "warnBeforeMinutes": 60}}'::jsonb,
       true, true, 'system'
WHERE EXISTS (SELECT 1 FROM "sla_policies") AND NOT EXISTS (SELECT 1 FROM "sla_policies" WHERE "key" = 'remote-support');
