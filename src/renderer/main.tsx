import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connect } from './subscription';

const root = createRoot(document.getElementById('root')!);
root.render(<App />);
void connect();
