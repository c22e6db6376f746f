import { useApi } from '../api/ApiContext';
import { useAction } from '../hooks/useAction';
import { useHistory } from '../router/RouterContext';
import { useSession } from '../session/SessionContext';
import { Button } from './Button';

export function LogoutButton() {
  const api = useApi();
  const session = useSession();
  const history = useHistory();
  const action = useAction();

  const logOut = () =>
    void action.run(async () => {
      await api.logout();
      session.setUser(null);
      history.navigate('/');
    });

  return (
    <span className="flex items-center gap-2">
      {action.error && (
        <span role="alert" className="text-red-300">
          {action.error}
        </span>
      )}
      <Button variant="secondary" onClick={logOut} disabled={action.pending}>
        Log out
      </Button>
    </span>
  );
}
