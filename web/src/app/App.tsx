export function App() {
  return (
    <main>
      <h1>Didit review console</h1>
      <p>Sign-in and the review queue arrive with the console feature.</p>
    </main>
  );
}
