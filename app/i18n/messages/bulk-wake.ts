// Bulk assign / close from the guarantee case list and the dashboard's drill-down (the queue's
// own bulk strings, queue.bulk.*, are reused for the form and its outcome).
export const bulkWake = {
  ko: {
    "bulk.selectAll": "이 목록의 문의 모두 선택",
    "bulk.guaranteeHint":
      "보증 사례를 고르면 그 사례의 문의를 한꺼번에 배정하거나 종결합니다. 보증 사례의 사실 확인·사과는 사례 화면에서 처리합니다. 문의마다 한 건씩 처리하고 처리 이력에 남깁니다.",
    "bulk.drillHint":
      "목록에서 문의를 고른 뒤 작업을 정해 적용합니다. 문의마다 한 건씩 처리하고 처리 이력에 남기며, 처리 권한이 없는 문의는 그대로 두고 이유를 알려 드립니다.",
  },
  en: {
    "bulk.selectAll": "Select every ticket in this list",
    "bulk.guaranteeHint":
      "Select guarantee cases to assign or close their tickets in one go. The case itself (fact check, apology) is handled on the case page. Each ticket is handled on its own and recorded in its history.",
    "bulk.drillHint":
      "Select tickets in the list, choose an action and apply it. Each ticket is handled on its own and recorded in its history; tickets you may not change are left as they are, with the reason.",
  },
};
