-- Issue 20: one satisfaction survey per period, and never two invitations to one customer in it.
-- The period is the KST calendar year of the launch ("1년에 한 번"). A second campaign of the same
-- year cannot be inserted (survey_campaigns_period_key), and an invitation carries its campaign's
-- period (a composite foreign key keeps the two equal), so (customer_id, period) being unique makes
-- the database refuse a customer's second invitation in a year — two clicks, two tabs or two job
-- workers alike.
ALTER TABLE "survey_campaigns" ADD COLUMN IF NOT EXISTS "period" smallint;
--> statement-breakpoint
-- Campaigns launched before this: the first of each year owns the year; later ones of the same
-- year (the duplicates of issue 20) keep no period and stay readable as history.
UPDATE "survey_campaigns" c SET "period" = x.y
FROM (
  SELECT id, extract(year FROM launched_at AT TIME ZONE 'Asia/Seoul')::smallint AS y,
         row_number() OVER (PARTITION BY extract(year FROM launched_at AT TIME ZONE 'Asia/Seoul') ORDER BY launched_at, id) AS n
  FROM "survey_campaigns"
) x
WHERE x.id = c.id AND x.n = 1;
--> statement-breakpoint
-- New campaigns always have a period: filled from the launch when the insert leaves it out, and
-- required (NOT VALID: the old duplicates are not checked).
CREATE OR REPLACE FUNCTION "survey_campaigns_fill_period"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."period" IS NULL THEN
    NEW."period" := extract(year FROM NEW."launched_at" AT TIME ZONE 'Asia/Seoul')::smallint;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "survey_campaigns_fill_period" ON "survey_campaigns";
--> statement-breakpoint
CREATE TRIGGER "survey_campaigns_fill_period" BEFORE INSERT ON "survey_campaigns" FOR EACH ROW EXECUTE FUNCTION "survey_campaigns_fill_period"();
--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_period_present" CHECK ("period" IS NOT NULL) NOT VALID;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "survey_campaigns_period_key" ON "survey_campaigns" USING btree ("period");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "survey_campaigns_id_period_key" ON "survey_campaigns" USING btree ("id", "period");
--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD COLUMN IF NOT EXISTS "period" smallint;
--> statement-breakpoint
UPDATE "survey_invitations" i SET "period" = c."period" FROM "survey_campaigns" c WHERE c.id = i.campaign_id AND c."period" IS NOT NULL;
--> statement-breakpoint
-- An invitation takes its campaign's period when the insert leaves it out (null only for the
-- campaigns above that have none).
CREATE OR REPLACE FUNCTION "survey_invitations_fill_period"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."period" IS NULL THEN
    SELECT c."period" INTO NEW."period" FROM "survey_campaigns" c WHERE c.id = NEW."campaign_id";
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "survey_invitations_fill_period" ON "survey_invitations";
--> statement-breakpoint
CREATE TRIGGER "survey_invitations_fill_period" BEFORE INSERT ON "survey_invitations" FOR EACH ROW EXECUTE FUNCTION "survey_invitations_fill_period"();
--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_campaign_period_fk" FOREIGN KEY ("campaign_id", "period") REFERENCES "survey_campaigns" ("id", "period");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "survey_invitations_customer_period_key" ON "survey_invitations" USING btree ("customer_id", "period");
