// Launching the yearly survey (issue 20): the count previewed before the launch, the confirmation,
// and the refusal of a second campaign in the same year or while one is open.
const ko = {
  "ops.surveys.preview": "지금 시작하면 고객 {count}명에게 초대를 보냅니다.",
  "ops.surveys.previewRules":
    "최근 12개월 동안 문의한 고객 중 이메일이나 휴대전화 번호가 있고 올해 아직 초대받지 않은 분입니다 (같은 주소에는 한 번만). 조사는 한 해에 한 번만 시작할 수 있습니다.",
  "ops.surveys.confirmHint":
    "고객 {count}명에게 보낼 초대가 바로 발송 대기열에 들어갑니다. 되돌릴 수 없고, 올해에는 조사를 다시 시작할 수 없습니다.",
  "ops.surveys.confirmDialog": "고객 {count}명에게 만족도 조사 초대를 보낼까요? 되돌릴 수 없습니다.",
  "ops.surveys.taken":
    "{period}년 조사는 이미 {launchedAt}에 시작했고 고객 {count}명에게 초대를 보냈습니다. 같은 해에 고객을 두 번 초대하지 않도록 다음 조사는 {next}년 1월 1일부터 시작할 수 있습니다.",
  "ops.surveys.stillOpen":
    "진행 중인 조사({name})를 {launchedAt}에 시작해 고객 {count}명에게 초대를 보냈고, {closesAt}까지 응답을 받고 있습니다. 이 조사가 마감된 뒤에 새 조사를 시작할 수 있습니다.",
  "ops.surveys.launchRace": "방금 다른 조사가 시작되었습니다. 페이지를 새로 고쳐 확인해 주세요.",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "ops.surveys.preview": "Launching now invites {count} customers.",
  "ops.surveys.previewRules":
    "Customers who contacted us in the last 12 months, have an email address or a mobile number and have not been invited this year (one invitation per address). A survey can be launched once a year.",
  "ops.surveys.confirmHint":
    "The invitations to {count} customers are queued for sending at once. This cannot be undone, and no other survey can be launched this year.",
  "ops.surveys.confirmDialog": "Send the satisfaction survey invitation to {count} customers? This cannot be undone.",
  "ops.surveys.taken":
    "The {period} survey was already launched on {launchedAt} and invited {count} customers. So that no customer is invited twice in a year, the next survey can be launched from 1 January {next}.",
  "ops.surveys.stillOpen":
    'The survey "{name}" was launched on {launchedAt}, invited {count} customers and takes answers until {closesAt}. A new survey can be launched once it has closed.',
  "ops.surveys.launchRace": "Another survey was launched a moment ago. Please reload the page to see it.",
};

export const surveysLaunch = { ko, en };
