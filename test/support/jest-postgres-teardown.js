module.exports = async function () {
	await globalThis.__POSTGRES_SERVER__?.stop();
};
