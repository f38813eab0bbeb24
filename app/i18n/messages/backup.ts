// Backups (ADR 0011): the line on the admin home that says when the desk was last backed up.
const ko = {
  "backup.title": "백업",
  "backup.text": "매일 밤 데스크 전체(첨부파일 포함)를 백업 파일로 저장합니다. 복원 방법은 운영 문서에 있습니다.",
  "backup.last": "마지막 백업 {at} ({size})",
  "backup.none": "아직 백업 파일이 없습니다. 첫 백업은 오늘 밤 01:30에 만들어집니다.",
  "backup.off": "자동 백업이 꺼져 있습니다. 백업 폴더를 설정하면 매일 밤 백업합니다.",
  "backup.stale": "마지막 백업이 하루 넘게 지났습니다. 작업 처리기가 돌고 있는지 확인해 주세요.",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "backup.title": "Backups",
  "backup.text":
    "Every night the whole desk (attachments included) is saved to a backup file. How to restore one is in the operations guide.",
  "backup.last": "Last backup {at} ({size})",
  "backup.none": "No backup file yet. The first one is made tonight at 01:30.",
  "backup.off": "Scheduled backups are off. Set a backup folder to back up every night.",
  "backup.stale": "The last backup is more than a day old. Check that the job worker is running.",
};

export const backup = { ko, en };
