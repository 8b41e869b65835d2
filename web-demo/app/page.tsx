// The "Add model" page. Static: the import itself runs client-side (components/AddModelApp.tsx).
import { AddModelApp } from '../components/AddModelApp';

export default function Page() {
  return <AddModelApp />;
}
