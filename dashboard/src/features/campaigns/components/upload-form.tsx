import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { DEFAULT_CAMPAIGN_BODY, DEFAULT_CAMPAIGN_SUBJECT, TOKEN_PLACEHOLDER } from '@notify/shared';
import { ApiError } from '../../../lib/api-client';
import { navigate } from '../../../lib/url-search';
import { viewQuery } from '../../navigation/app-view';
import { useUploadCampaign } from '../api/upload-campaign';

type TextField = 'name' | 'subject' | 'body';
const LABELS: Record<string, string> = {
  file: 'CSV file',
  name: 'Name',
  subject: 'Subject',
  body: 'Body',
};

/** Starts a campaign: a CSV of addresses, and optionally its own name, subject and body. */
export function UploadForm() {
  const upload = useUploadCampaign();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<Record<TextField, string>>({ name: '', subject: '', body: '' });
  const id = useId();
  const blamed = upload.error instanceof ApiError ? upload.error.fields : [];
  const problem = (field: string) =>
    blamed
      .filter((f) => f.field === field)
      .map((f) => f.message)
      .join('; ');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file || upload.isPending) return;
    upload.mutate(
      { file, ...text },
      { onSuccess: (campaign) => navigate(viewQuery.campaign(campaign.id)) },
    );
  };
  const field = (name: string, input: (props: object) => ReactNode) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{LABELS[name]}</label>
      {input({
        id: `${id}-${name}`,
        'aria-invalid': problem(name) ? true : undefined,
        'aria-describedby': problem(name) ? `${id}-${name}-error` : undefined,
      })}
      {problem(name) && (
        <span className="field-error" id={`${id}-${name}-error`}>
          {problem(name)}
        </span>
      )}
    </div>
  );
  const textProps = (name: TextField, placeholder: string) => ({
    placeholder,
    value: text[name],
    onChange: (e: { target: { value: string } }) => setText({ ...text, [name]: e.target.value }),
  });

  return (
    <form className="upload" aria-label="New campaign" onSubmit={submit}>
      <h2>New campaign</h2>
      {field('file', (props) => (
        <input
          {...props}
          type="file"
          accept=".csv,text/csv"
          // Not `required`: the button stays disabled until a file is chosen anyway.
          aria-required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      ))}
      {field('name', (props) => (
        <input {...props} {...textProps('name', "the file's name")} />
      ))}
      {field('subject', (props) => (
        <input {...props} {...textProps('subject', DEFAULT_CAMPAIGN_SUBJECT)} />
      ))}
      {field('body', (props) => (
        <textarea {...props} rows={3} {...textProps('body', DEFAULT_CAMPAIGN_BODY)} />
      ))}
      <p className="hint">
        Empty fields use the defaults shown. A body must contain {TOKEN_PLACEHOLDER}, where each
        recipient&apos;s registration token goes.
      </p>
      {upload.isError && (
        <div role="alert" className="upload-error">
          <p>{upload.error.message}</p>
          {blamed.length > 0 && (
            <ul>
              {blamed.map((f) => (
                <li key={`${f.field}:${f.message}`}>
                  <strong>{LABELS[f.field] ?? f.field}</strong>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="submit" disabled={!file || upload.isPending}>
        {upload.isPending ? 'Uploading…' : 'Upload and send'}
      </button>
    </form>
  );
}
