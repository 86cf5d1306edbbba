import { get, type Mail } from './api.ts';
import { h, present } from './dom.ts';

/** Every mail SES accepted: the customers' and the operators'. */
export class MailboxView {
  readonly element = h('section', { 'data-testid': 'mailbox' });

  constructor() {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const mails = await get<Mail[]>('/__local/console/mailbox');
    this.element.replaceChildren(
      ...present(
        h('h2', {}, 'Mailbox'),
        mails.length === 0 ? h('p', { class: 'muted' }, 'No mail yet.') : null,
        ...mails.map((mail) =>
          h(
            'details',
            { class: 'mail' },
            h('summary', {}, `${mail.sentAt.slice(11, 19)}  to ${mail.to.join(', ')}: ${mail.subject}`),
            h('pre', {}, mail.text ?? ''),
          ),
        ),
      ),
    );
  }
}
