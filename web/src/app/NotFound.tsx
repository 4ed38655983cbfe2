import { Link } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';

export function NotFound() {
  const t = useT();
  return (
    <section className="card narrow">
      <h1>{t('app.not_found.title')}</h1>
      <p>{t.rich('app.not_found.body', { link: (chunks) => <Link to="/queue">{chunks}</Link> })}</p>
    </section>
  );
}
