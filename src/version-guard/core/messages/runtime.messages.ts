/** Texts about the Node.js that runs the app or the CLI. */
export const runtimeMessages = {
  unsupportedNode: (found: string, minimum: string, how: string) =>
    `this project needs Node.js ${minimum} or newer; this is Node.js ${found}. ` +
    `npm install puts one in node_modules/.bin: ${how}`,
  howToStartApp: 'start the app with npm run start:prod (or node_modules/.bin/node dist/main.js)',
  howToRunCli: 'run the CLI with npm run db -- <command> (or node_modules/.bin/node dist/src/cli/main.js <command>)',
};
