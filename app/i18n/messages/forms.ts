// Marks and words of the form kit's conversions (issue 24): when a field is needed only for one choice.
const ko = {
  "forms.neededToAssign": "담당자 배정에 필수",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "forms.neededToAssign": "required to assign",
};

export const forms = { ko, en };
