/**
 * The hall's script: everything works without it; with it, forms are checked as you type by the same rules the
 * server applies (definition/answers.ts), the materials list follows the answers, and files upload at once with a
 * progress bar. Bundled by bundle.ts; runs in the browser only.
 */
import { checkAnswer, materialsFor, type AnswerMap } from '@banshi/definition/answers';
import type { Field, Material } from '@banshi/definition';
import { needLabels } from '../components/material-needs.ts';

interface Rules {
  today: string;
  fields: Array<{ id: string; field: Field }>;
  materials: Array<{ id: string; material: Material }>;
}

function rulesOf(form: HTMLFormElement): Rules | undefined {
  const node = form.querySelector('#form-rules');
  return node?.textContent ? (JSON.parse(node.textContent) as Rules) : undefined;
}

function valueOf(form: HTMLFormElement, name: string): string {
  const controls = form.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
    `[name="${CSS.escape(`answer.${name}`)}"]`
  );
  for (const control of controls) {
    if (control instanceof HTMLInputElement && control.type === 'radio') {
      if (control.checked) return control.value;
      continue;
    }
    return control.value;
  }
  return '';
}

function answersOf(form: HTMLFormElement, rules: Rules): AnswerMap {
  const answers: AnswerMap = {};
  for (const { field } of rules.fields) {
    const raw = valueOf(form, field.name);
    if (raw === '') continue;
    const checked = checkAnswer(field, raw, rules.today);
    answers[field.name] = checked.value ?? raw;
  }
  return answers;
}

/** Shows or clears one field's error the way the server renders it. */
function showError(id: string, message: string | undefined): void {
  const control = document.getElementById(id);
  if (!control) return;
  const box = control.closest('.field, fieldset') ?? control.parentElement!;
  let span = document.getElementById(`${id}-error`);
  if (!message) {
    span?.remove();
    control.removeAttribute('aria-invalid');
    box.classList.remove('has-error');
    return;
  }
  if (!span) {
    span = document.createElement('span');
    span.id = `${id}-error`;
    span.className = 'field-error';
    if (control.tagName === 'FIELDSET') control.querySelector('legend')!.after(span);
    else control.before(span);
  }
  span.textContent = message;
  if (control.tagName !== 'FIELDSET') {
    control.setAttribute('aria-invalid', 'true');
    const described = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    described.add(span.id);
    control.setAttribute('aria-describedby', [...described].join(' '));
  }
  box.classList.add('has-error');
}

/** The error summary at the top, built from the errors found; focused so screen readers read it first. */
function summarise(form: HTMLFormElement, errors: Array<[string, string]>): void {
  document.getElementById('error-summary')?.remove();
  if (errors.length === 0) return;
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.id = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const heading = document.createElement('h2');
  heading.textContent = '请更正以下内容';
  const list = document.createElement('ul');
  for (const [id, message] of errors) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${id}`;
    link.textContent = message;
    item.append(link);
    list.append(item);
  }
  summary.append(heading, list);
  form.before(summary);
  summary.focus();
}

function checkField(form: HTMLFormElement, rules: Rules, id: string): string | undefined {
  const entry = rules.fields.find(f => f.id === id);
  if (!entry) return undefined;
  const error = checkAnswer(entry.field, valueOf(form, entry.field.name), rules.today).error;
  showError(id, error);
  return error;
}

/** The materials list for the current answers: needed ones shown, the others hidden with the reason. */
function refreshMaterials(form: HTMLFormElement, rules: Rules): void {
  const provided = new Set(
    [...form.querySelectorAll<HTMLInputElement>('input[name="keep"], input[name="add"]')].map(i =>
      i.value.slice(0, i.value.lastIndexOf(':'))
    )
  );
  const needs = materialsFor({ materials: rules.materials.map(m => m.material) }, answersOf(form, rules), provided);
  needs.forEach((need, index) => {
    const box = document.getElementById(`${rules.materials[index]!.id}-box`);
    if (!box) return;
    box.hidden = need.need === 'notNeeded';
    const label = box.querySelector('[data-need]');
    if (label) label.textContent = needLabels[need.need];
  });
}

function csrfOf(form: HTMLFormElement): string {
  return form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
}

/** Uploads chosen files at once, one request each, with progress; the form then carries only their ids. */
function upload(form: HTMLFormElement, input: HTMLInputElement, uploaded: () => void): void {
  const material = input.dataset.upload!;
  const progress = input.parentElement!.querySelector('progress');
  const files = [...(input.files ?? [])];
  input.value = '';
  for (const file of files) {
    const body = new FormData();
    body.append('file', file);
    body.append('material', material);
    const request = new XMLHttpRequest();
    request.open('POST', '/api/hall/files');
    request.setRequestHeader('X-CSRF-Token', csrfOf(form));
    if (progress) {
      progress.hidden = false;
      progress.value = 0;
    }
    request.upload.onprogress = event => {
      if (progress && event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    };
    request.onload = () => {
      let answer: { id?: string; name?: string; pages?: number | null; error?: { message?: string } } = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        /* not JSON: a proxy's page */
      }
      if (request.status === 201 && answer.id) {
        showError(input.id, undefined);
        const keep = document.createElement('input');
        keep.type = 'hidden';
        keep.name = 'add';
        keep.value = `${material}:${answer.id}`;
        form.append(keep);
        let list = input.parentElement!.querySelector('ul.files');
        if (!list) {
          list = document.createElement('ul');
          list.className = 'files';
          input.previousElementSibling?.before(list);
        }
        const item = document.createElement('li');
        item.textContent = `${answer.name ?? file.name}${answer.pages ? `（${answer.pages} 页）` : ''} 已上传`;
        list.append(item);
        if (progress) progress.hidden = true;
        uploaded();
      } else {
        showError(
          input.id,
          `“${file.name}”上传失败：${answer.error?.message ?? (request.status === 413 ? '文件过大，单个文件不能超过 20 MB。' : '请稍后重试。')}`
        );
        if (progress) progress.hidden = true;
      }
    };
    request.onerror = () => {
      showError(input.id, `“${file.name}”上传失败：网络中断，请重试。`);
      if (progress) progress.hidden = true;
    };
    request.send(body);
  }
}

function enhance(form: HTMLFormElement): void {
  const rules = rulesOf(form);
  let intent = '';
  form.addEventListener('click', event => {
    const button = (event.target as Element).closest('button');
    if (button) intent = button.value;
  });
  if (rules) {
    form.noValidate = true;
    form.querySelector('[data-refresh]')?.setAttribute('hidden', '');
    for (const { id } of rules.fields) {
      const control = document.getElementById(id);
      control?.addEventListener('change', () => {
        checkField(form, rules, id);
        refreshMaterials(form, rules);
      });
      control?.addEventListener(
        'blur',
        () => {
          if (control.getAttribute('aria-invalid')) checkField(form, rules, id);
        },
        true
      );
    }
    form.addEventListener('submit', event => {
      if (intent !== 'submit') return;
      const errors: Array<[string, string]> = [];
      for (const { id } of rules.fields) {
        const error = checkField(form, rules, id);
        if (error) errors.push([id, error]);
      }
      if (errors.length > 0) {
        event.preventDefault();
        summarise(form, errors);
      }
    });
  }
  // The pickup address matters only for express submission.
  const pickup = form.querySelector<HTMLElement>('[data-pickup]');
  if (pickup) {
    const showPickup = () => {
      pickup.hidden = form.querySelector<HTMLInputElement>('input[name="channel"]:checked')?.value !== 'express';
    };
    form.querySelectorAll('input[name="channel"]').forEach(radio => radio.addEventListener('change', showPickup));
    showPickup();
  }
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type=file][data-upload]')) {
    input.addEventListener('change', () =>
      upload(form, input, () => {
        if (rules) refreshMaterials(form, rules);
      })
    );
  }
}

document.querySelectorAll<HTMLFormElement>('form[data-apply]').forEach(enhance);
document.getElementById('error-summary')?.focus();
