/** What the hall shows for each status and rating: the words users read. */
export const consultationStatusLabels = {
  open: '待答复',
  answered: '已答复',
  forwarded: '已转交其他部门办理'
} as const;
export const complaintStatusLabels = {
  open: '待受理',
  accepted: '已受理，正在处理',
  refused: '不予受理',
  resolved: '已办结'
} as const;
export const appointmentStatusLabels = {
  booked: '已预约',
  attended: '已到场办理',
  noShow: '未按时到场（失约）',
  cancelled: '已取消'
} as const;
export const ratingLabels: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意'
};

/** Levels 1 and 2 (不满意, 非常不满意) need a reason and open a rectification. */
export const isBadRating = (level: number) => level <= 2;
