// The root: waits for the host to say whether a project is open, then shows the welcome screen or the workbench.
import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { WelcomePage } from '../features/welcome/welcome-page';
import { useProject } from '../stores';
import { Shell } from './shell';

export function App() {
  const ready = useProject((s) => s.ready);
  const project = useProject((s) => s.project);
  const init = useProject((s) => s.init);

  useEffect(() => {
    void init();
  }, [init]);

  if (!ready) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  return project ? <Shell key={project.path} /> : <WelcomePage />;
}
