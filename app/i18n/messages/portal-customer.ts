// The customer side of issue 21 (portal): tracking links that explain themselves, the received
// page and its receipt. Korean first; en has the same keys.
const ko = {
  "lookup.linkExpired":
    "메일·문자에 있던 조회 링크는 보낸 날부터 {days}일 동안만 쓸 수 있어 만료되었습니다. 아래에 접수번호와 연락처를 넣고 인증번호를 받아 조회해 주세요.",
  "lookup.linkInvalid":
    "조회 링크가 올바르지 않습니다(주소가 잘렸거나 바뀌었을 수 있습니다). 아래에 접수번호와 연락처를 넣고 인증번호를 받아 조회해 주세요.",
  "received.subject": "문의 제목",
  "received.dueTitle": "첫 답변 약속",
  "received.dueAt": "{at}까지 답변해 드립니다.",
  "received.channelTitle": "답변받을 방법",
  "received.channelAny": "남겨 주신 연락처 중 편한 방법",
  "received.copy": "접수번호 복사",
  "received.copied": "접수번호를 복사했습니다.",
  "received.copyFailed": "복사하지 못했습니다. 접수번호를 직접 적어 두세요.",
  "received.print": "접수증 인쇄·PDF 저장",
  "received.next2chosen": "1영업일 안에 고르신 대로 {channel|으로} 답변해 드립니다.",
  "received.next2any": "1영업일 안에 남겨 주신 연락처로 답변해 드립니다.",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "lookup.linkExpired":
    "Links in our emails and texts work for {days} days after sending, and this one has expired. Enter your reference and contact details below to get a code.",
  "lookup.linkInvalid":
    "This tracking link is not valid (it may have been cut off or changed). Enter your reference and contact details below to get a code.",
  "received.subject": "Subject",
  "received.dueTitle": "First answer promised",
  "received.dueAt": "We will answer by {at}.",
  "received.channelTitle": "How we answer",
  "received.channelAny": "Whichever of your contact details suits",
  "received.copy": "Copy reference",
  "received.copied": "Reference copied.",
  "received.copyFailed": "Could not copy. Please note the reference.",
  "received.print": "Print receipt or save as PDF",
  "received.next2chosen": "We answer within 1 working day by {channel}, as you chose.",
  "received.next2any": "We answer within 1 working day using the contact details you gave.",
};

export const portalCustomer = { ko, en };
