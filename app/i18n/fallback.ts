// The few Korean messages the page frame and the error page need when the root loader failed and
// sent no messages (tests/unit/i18n-parity.test.ts checks they equal the catalog's).
import type { Dictionary } from "./format";

export const FALLBACK = {
  "app.name": "고객만족센터 서비스 데스크",
  "nav.skip": "본문 바로가기",
  "nav.main": "주 메뉴",
  "common.notFound": "요청하신 페이지를 찾을 수 없습니다.",
  "common.forbidden": "이 작업을 할 권한이 없습니다.",
  "common.unexpected": "예상하지 못한 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.",
  "common.back": "돌아가기",
} as unknown as Dictionary;
