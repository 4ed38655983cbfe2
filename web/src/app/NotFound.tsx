import { Link } from 'react-router-dom';

export function NotFound() {
  return (
    <section className="card narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/queue">Back to the queue</Link>.
      </p>
    </section>
  );
}
