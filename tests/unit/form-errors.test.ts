// The server half of the form kit: a domain error becomes the form's errors in the reader's
// language; "not found" becomes the 404 page; anything else is thrown on.
import { describe, expect, it } from "vitest";
import { translate } from "~/i18n/i18n";
import { DeskError } from "~/core/errors";
import { domainError, errorsByField, formErrorsOf, notFoundResponse, translateMessage } from "~/ui/form-errors.server";

describe("form errors from domain errors", () => {
  it("field errors are translated by field name, and the form has no message of its own", () => {
    const e = new DeskError(422, "error.required", { reason: "error.required", "customer.email": "error.email" });
    const out = formErrorsOf(e, "ko", { rename: (f) => f.replace(".", "_") });
    expect(out.formError).toBeUndefined();
    expect(out.errors).toEqual({ reason: translate("ko", "error.required"), customer_email: translate("ko", "error.email") });
  });

  it("without field errors the message is the form's, or the one the form gives instead", () => {
    const e = new DeskError(409, "remote.error.alreadyOpen");
    expect(formErrorsOf(e, "en")).toEqual({ errors: {}, formError: translate("en", "remote.error.alreadyOpen") });
    expect(formErrorsOf(e, "ko", { formKey: "portal.error.badState" }).formError).toBe(translate("ko", "portal.error.badState"));
    expect(errorsByField(e, "ko")).toEqual({ _: translate("ko", "remote.error.alreadyOpen") });
  });

  it("keys carry their parameters, in every area", () => {
    expect(translateMessage("ko", "admin.policy.stale?version=3")).toBe(translate("ko", "admin.policy.stale", { version: "3" }));
    expect(translateMessage("en", "error.required")).toBe(translate("en", "error.required"));
  });

  it("not found is the 404 page; other errors are thrown on", () => {
    let thrown: unknown;
    try {
      domainError(new DeskError(404, "common.notFound"));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    const boom = new Error("boom");
    expect(() => domainError(boom)).toThrow(boom);
    const conflict = new DeskError(409, "error.badTransition");
    expect(domainError(conflict)).toBe(conflict);
    expect(notFoundResponse({ plain: true }).headers.get("Content-Type")).toContain("text/plain");
  });
});
