const ko = {
  "sla.preview.title": "처리 기한 미리보기",
  "sla.preview.hint": "접수 시각과 채널을 바꾸면 기한이 바로 다시 계산됩니다. (근무일·근무시간 기준, 한국 시각)",
  "sla.preview.none": "채널을 고르면 적용될 기한이 여기에 나타납니다.",
  "sla.preview.badTime": "접수 시각을 확인해 주세요. (미래 시각은 안 됩니다)",
  "sla.preview.how": "계산 방법 보기",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "sla.preview.title": "Deadlines this contact will get",
  "sla.preview.hint": "Change the arrival time or channel and the deadlines are counted again (working days and hours, Korea time).",
  "sla.preview.none": "Choose a channel to see the deadlines that will apply.",
  "sla.preview.badTime": "Please check the time of arrival (it cannot be in the future).",
  "sla.preview.how": "How it was counted",
};

export const sla = { ko, en };
