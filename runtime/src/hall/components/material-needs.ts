import type { MaterialNeed } from '@banshi/definition/answers';

/** How the materials list names what a material needs: on the page and in the script that updates it. */
export const needLabels: Record<MaterialNeed, string> = {
  required: '必须提交',
  optional: '可选提交',
  later: '可容缺后补',
  notNeeded: '无需提交',
  eLicence: '电子证照，无需上传',
  online: '在线填报，无需上传'
};
