-- The agent workspace (issue 20): canned replies (상용구) kept per team (team_id null: shared by
-- every team), and each staff member's saved queue views (a name and the queue's filters).
CREATE TABLE "canned_replies" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"team_id" uuid REFERENCES "teams"("id"),
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "canned_replies_team_idx" ON "canned_replies" USING btree ("team_id","title");
--> statement-breakpoint
CREATE TABLE "saved_queue_views" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"staff_id" uuid NOT NULL REFERENCES "staff"("id"),
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "saved_queue_views_staff_name_key" ON "saved_queue_views" USING btree ("staff_id","name");
--> statement-breakpoint
-- Four shared starter replies in the honorific register customers expect; admins edit or remove them.
INSERT INTO "canned_replies" ("team_id", "title", "body", "created_by", "updated_by") VALUES
(NULL, '접수 안내', E'{고객명} 고객님, 안녕하십니까.\n문의하신 내용이 접수번호 {접수번호}(으)로 정상 접수되었습니다.\n담당자가 내용을 확인하여 {처리기한}까지 답변드리겠습니다.\n이용해 주셔서 감사합니다.\n\n담당자 {담당자명} 드림', 'system:seed', 'system:seed'),
(NULL, '추가 자료 요청', E'{고객명} 고객님, 안녕하십니까.\n접수번호 {접수번호} 문의를 정확하게 처리하기 위하여 추가 자료가 필요합니다.\n번거로우시겠지만 관련 서류(거래내역서, 계약서 사본 등)를 보내 주시면 확인 후 신속히 처리하겠습니다.\n자료를 기다리는 동안에는 처리 기한이 잠시 멈추고, 자료를 받는 즉시 다시 진행됩니다.\n\n담당자 {담당자명} 드림', 'system:seed', 'system:seed'),
(NULL, '처리 지연 안내', E'{고객명} 고객님, 안녕하십니까.\n접수번호 {접수번호} 문의의 처리가 늦어지고 있어 진심으로 죄송합니다.\n사실관계 확인에 시간이 더 필요하여 {처리기한}까지 최종 답변을 드리겠습니다.\n너그러운 양해를 부탁드립니다.\n\n담당자 {담당자명} 드림', 'system:seed', 'system:seed'),
(NULL, '답변 완료 인사', E'{고객명} 고객님, 안녕하십니까.\n접수번호 {접수번호} 문의에 대하여 아래와 같이 답변드립니다.\n\n\n\n더 궁금하신 점이 있으시면 언제든지 문의하여 주십시오.\n소중한 의견을 주셔서 감사합니다.\n\n담당자 {담당자명} 드림', 'system:seed', 'system:seed');
