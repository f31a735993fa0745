import type { FieldErrors } from '../../components/form.tsx';

/*
 * What the sign-in and registration pages share with their routes: the registration forms' fields (labels, hints
 * and the message for a blank one), the forms as typed, and links that carry `next` on.
 */

/** Who registers: a person, or an organisation (企业、事业单位、社会组织…). */
export type Kind = 'person' | 'organisation';

/** A field of a registration form: its control, hint and the message when it is left blank. */
interface Spec {
  id: string;
  label: string;
  required: string;
  hint?: string;
  type?: 'text' | 'tel' | 'password';
  autocomplete: 'name' | 'organization' | 'username' | 'tel' | 'new-password';
  inputmode?: 'tel';
  maxlength: number;
  /** ID numbers and credit codes: capitals, no spelling correction. */
  code?: boolean;
}

const passwordSpecs: Spec[] = [
  {
    id: 'password',
    label: '设置密码',
    required: '请填写密码',
    hint: '8 至 128 位，须同时包含字母和数字。',
    type: 'password',
    autocomplete: 'new-password',
    maxlength: 128
  },
  {
    id: 'passwordAgain',
    label: '再次输入密码',
    required: '请再次输入密码',
    type: 'password',
    autocomplete: 'new-password',
    maxlength: 128
  }
];

export const specs: Record<Kind, { title: string; intro: string; fields: Spec[] }> = {
  person: {
    title: '个人注册',
    intro: '注册后以身份证号码登录，办理面向个人的事项。',
    fields: [
      {
        id: 'name',
        label: '姓名',
        required: '请填写姓名',
        hint: '与居民身份证上的姓名一致。',
        autocomplete: 'name',
        maxlength: 50
      },
      {
        id: 'idNumber',
        label: '身份证号码',
        required: '请填写身份证号码',
        hint: '18 位居民身份证号码，注册后作为登录账号。',
        autocomplete: 'username',
        maxlength: 18,
        code: true
      },
      {
        id: 'phone',
        label: '手机号码',
        required: '请填写手机号码',
        hint: '11 位手机号码，用于接收办件通知。',
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        maxlength: 20
      },
      ...passwordSpecs
    ]
  },
  organisation: {
    title: '法人和其他组织注册',
    intro: '企业、事业单位、社会组织等以统一社会信用代码注册和登录，办理面向法人的事项。',
    fields: [
      {
        id: 'name',
        label: '单位名称',
        required: '请填写单位名称',
        hint: '与营业执照或登记证书上的名称一致。',
        autocomplete: 'organization',
        maxlength: 100
      },
      {
        id: 'creditCode',
        label: '统一社会信用代码',
        required: '请填写统一社会信用代码',
        hint: '18 位，见营业执照或登记证书，注册后作为登录账号。',
        autocomplete: 'username',
        maxlength: 18,
        code: true
      },
      {
        id: 'contactName',
        label: '联系人姓名',
        required: '请填写联系人姓名',
        hint: '负责在网上办理业务的经办人。',
        autocomplete: 'name',
        maxlength: 50
      },
      {
        id: 'phone',
        label: '联系人手机号码',
        required: '请填写手机号码',
        hint: '11 位手机号码，用于接收办件通知。',
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        maxlength: 20
      },
      ...passwordSpecs
    ]
  }
};

/** `path` with `next` in its query, when there is one to pass on. */
export const withNext = (path: string, next: string | undefined) =>
  next ? `${path}${path.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}` : path;

/** A page's title, marked as an error for screen readers when the form comes back with errors. */
export function pageTitle(title: string, errors: FieldErrors): string {
  return Object.keys(errors).length > 0 ? `错误：${title}` : title;
}

/** The sign-in form as typed (never the password). */
export interface LoginForm {
  login: string;
  next?: string | undefined;
  staff: boolean;
  errors: FieldErrors;
  /** A refusal that is not about one field: throttled, disabled, another site. */
  alert?: string | undefined;
  /** The provincial identity platform is configured: the page offers signing in through it. */
  oidc?: boolean;
}

/** A registration form as typed (never the passwords). */
export interface RegisterForm {
  values: Record<string, string>;
  next?: string | undefined;
  errors: FieldErrors;
  alert?: string | undefined;
}

/** The SMS code form: which registration it completes. */
export interface CodeForm {
  registrationId: string;
  /** Where the code went (masked), while the registration can still be completed. */
  phone?: string | undefined;
  next?: string | undefined;
  errors: FieldErrors;
  alert?: string | undefined;
  /** The number has an account already: offer to sign in instead. */
  exists?: boolean;
}
